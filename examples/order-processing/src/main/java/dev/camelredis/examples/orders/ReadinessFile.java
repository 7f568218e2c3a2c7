package dev.camelredis.examples.orders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Keeps a file that is fresh while Camel reports ready, for an exec readiness probe: the consumer serves no HTTP, so
 * there is no health endpoint to point a probe at. Every few seconds it asks Camel's readiness checks (among them the
 * component's consumer check, DOWN while its loops keep failing) and touches the file when all are UP, or deletes it.
 */
final class ReadinessFile extends RouteBuilder {

    static final long PERIOD_MILLIS = 5000;

    private final Path file;

    ReadinessFile(Path file) {
        this.file = file;
    }

    @Override
    public void configure() {
        from("timer:readiness?period=" + PERIOD_MILLIS)
                .routeId("readiness-file")
                .process(exchange -> update());
    }

    private void update() throws IOException {
        // "full": every check's result, not only those that are DOWN
        boolean ready = HealthCheckHelper.invokeReadiness(getContext(), "full").stream()
                .allMatch(result -> result.getState() == HealthCheck.State.UP);
        if (ready) {
            Files.writeString(file, Instant.now().toString());
        } else {
            Files.deleteIfExists(file);
        }
    }
}
