package dev.camelredis.streams;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Camel's consumer health checks, as Camel Main sets them up with camel.health.consumersEnabled.
 */
final class HealthChecks {

    private HealthChecks() {
    }

    static void enableConsumerChecks(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(registry.resolveById("consumers"));
    }

    /** UP or DOWN as the check of the route's consumer says, or null while it has none. */
    static String consumerState(CamelContext context, String routeId) {
        return HealthCheckHelper.invoke(context).stream()
                .filter(result -> result.getCheck().getId().equals("consumer:" + routeId))
                .map(result -> result.getState().name())
                .findFirst().orElse(null);
    }
}
