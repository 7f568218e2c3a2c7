package dev.camelredis.streams.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters themselves. Only {@link ConsumerMeters} loads this class, and only when Micrometer is on the classpath.
 * <p>
 * Gauges read the consumer when the registry is scraped: the group figures come from its statistics, which ask Redis
 * at most every few seconds however often they are scraped. Tags name the stream, group, consumer and route; never
 * the server's address, since tags end up in dashboards and alerts.
 */
final class MicrometerConsumerMeters {

    /** The name camel-micrometer binds its registry under. */
    static final String REGISTRY_NAME = "metricsRegistry";
    static final String PREFIX = "redis.streams.consumer.";

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerConsumerMeters.class);

    private MicrometerConsumerMeters() {
    }

    /**
     * @return what removes the meters again, or null when the Camel registry holds no MeterRegistry to use
     */
    static Runnable register(RedisStreamsConsumer consumer) {
        MeterRegistry registry = find(consumer.getEndpoint().getCamelContext().getRegistry());
        if (registry == null) {
            return null;
        }
        Tags tags = Tags.of("stream", consumer.getStreamKey(), "group", consumer.getGroup(),
                "consumer", consumer.getEndpoint().baseConsumerName(), "routeId", String.valueOf(consumer.getRouteId()));
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge(registry, tags, consumer, "lag", c -> {
            Long lag = c.metrics().groupLag();
            return lag == null ? Double.NaN : lag;
        }, "Entries of the stream not yet delivered to the group (XINFO GROUPS lag); NaN when Redis cannot tell"));
        meters.add(gauge(registry, tags, consumer, "pending", c -> c.metrics().pending(),
                "Entries delivered to the group and not yet acknowledged, by any consumer"));
        meters.add(TimeGauge.builder(PREFIX + "pending.oldest.idle", consumer, TimeUnit.MILLISECONDS,
                        c -> c.metrics().oldestPendingIdleMillis())
                .description("Idle time of the group's pending entry with the lowest ID; 0 when nothing is pending")
                .tags(tags).register(registry));
        meters.add(gauge(registry, tags, consumer, "in.flight", RedisStreamsConsumer::getInFlight,
                "Entries this consumer is processing or whose XACK Redis has not confirmed yet"));
        meters.add(counter(registry, tags, consumer, "delivered", RedisStreamsConsumer::getDelivered,
                "Entries routed, redeliveries included"));
        meters.add(counter(registry, tags, consumer, "acked", RedisStreamsConsumer::getAcked,
                "Entries whose XACK Redis confirmed"));
        meters.add(counter(registry, tags, consumer, "failed", RedisStreamsConsumer::getFailed,
                "Exchanges that failed; their entries stay pending"));
        meters.add(counter(registry, tags, consumer, "reclaimed", RedisStreamsConsumer::getReclaimed,
                "Entries this consumer claimed from the group (XCLAIM)"));
        meters.add(counter(registry, tags, consumer, "dead.lettered", RedisStreamsConsumer::getDeadLettered,
                "Entries moved to the dead-letter stream after maxDeliveries"));
        meters.add(counter(registry, tags, consumer, "deleted.while.pending", RedisStreamsConsumer::getDeletedWhilePending,
                "Pending entries found deleted or trimmed: acknowledged without being routed"));
        return () -> meters.forEach(registry::remove);
    }

    private static Meter gauge(MeterRegistry registry, Tags tags, RedisStreamsConsumer consumer, String name,
                               ToDoubleFunction<RedisStreamsConsumer> value, String description) {
        return Gauge.builder(PREFIX + name, consumer, value).description(description).tags(tags).register(registry);
    }

    private static Meter counter(MeterRegistry registry, Tags tags, RedisStreamsConsumer consumer, String name,
                                 ToDoubleFunction<RedisStreamsConsumer> value, String description) {
        return FunctionCounter.builder(PREFIX + name, consumer, value).description(description).tags(tags)
                .register(registry);
    }

    /**
     * The registry to use, as camel-micrometer finds it: the one bound as metricsRegistry, else the only one; among
     * several (a Spring Boot application with more than one backend), the composite that feeds them all.
     */
    static MeterRegistry find(Registry camelRegistry) {
        MeterRegistry named = camelRegistry.lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        if (named != null) {
            return named;
        }
        Set<MeterRegistry> all = camelRegistry.findByType(MeterRegistry.class);
        if (all.size() == 1) {
            return all.iterator().next();
        }
        List<MeterRegistry> composites = all.stream().filter(CompositeMeterRegistry.class::isInstance).toList();
        if (composites.size() == 1) {
            return composites.get(0);
        }
        if (!all.isEmpty()) {
            LOG.warn("The Camel registry holds {} MeterRegistry beans and none is named {}: the redis-streams consumer"
                     + " registers no meters. Bind the registry to use under the name {}", all.size(), REGISTRY_NAME,
                    REGISTRY_NAME);
        }
        return null;
    }
}
