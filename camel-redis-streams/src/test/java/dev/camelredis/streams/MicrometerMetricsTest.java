package dev.camelredis.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer's figures as Micrometer meters, when the Camel registry holds a MeterRegistry, against what the consumer
 * and Redis say.
 */
class MicrometerMetricsTest extends RedisStreamsTestSupport {

    private static final String PREFIX = "redis.streams.consumer.";
    private static final Set<String> METER_NAMES = Set.of("lag", "pending", "pending.oldest.idle", "in.flight", "delivered",
            "acked", "failed", "reclaimed", "dead.lettered", "deleted.while.pending");

    @Test
    void gaugesShowLagPendingAndInFlightWithTagsThatNameNoServer() throws Exception {
        String key = uniqueKey("metered");
        addEntries(key, 30);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        CamelContext context = newContext();
        context.getRegistry().bind("prometheus", registry);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&consumerName=watched&maxMessagesPerPoll=5&maxInFlight=5")
                        .routeId("metered")
                        .threads(5)
                        .process(e -> release.await());
            }
        });
        context.start();

        await("five routed and waiting", Duration.ofSeconds(10), () -> value(registry, "delivered") == 5);
        // the group figures are cached for a few seconds: wait for a read that sees the five pending
        await("statistics refreshed", Duration.ofSeconds(10), () -> value(registry, "pending") == 5);
        assertEquals(25, value(registry, "lag"), "30 entries, 5 delivered");
        assertEquals(5, value(registry, "in.flight"));
        assertTrue(registry.get(PREFIX + "pending.oldest.idle").timeGauge().value(TimeUnit.MILLISECONDS) >= 0);

        Set<String> names = registry.getMeters().stream().map(meter -> meter.getId().getName())
                .filter(name -> name.startsWith(PREFIX)).map(name -> name.substring(PREFIX.length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(METER_NAMES), names);
        for (Meter meter : registry.getMeters()) {
            assertEquals(Map.of("stream", key, "group", "g", "consumer", "watched", "routeId", "metered"),
                    meter.getId().getTags().stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue)),
                    meter.getId().getName());
            String tags = meter.getId().getTags().toString();
            assertFalse(tags.contains(String.valueOf(server().port())) || tags.contains(server().host()),
                    "no server address in the tags: " + tags);
        }

        release.countDown();
        await("all acked", Duration.ofSeconds(10), () -> value(registry, "acked") == 30);
        assertEquals(30, value(registry, "delivered"));
        await("nothing in flight", Duration.ofSeconds(10), () -> value(registry, "in.flight") == 0);
    }

    @Test
    void countersFollowFailuresReclaimsDeadLettersAndDeletedEntries() throws Exception {
        String key = uniqueKey("counted");
        redis.xgroupCreate(key, "g", StreamEntryID.XGROUP_LAST_ENTRY, true);
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "abandoned"));
        StreamEntryID deleted = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "deleted"));
        // a consumer that took two entries and died; one of them is deleted while it is pending
        redis.xreadGroup("g", "crashed", XReadGroupParams.xReadGroupParams().count(2),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        redis.xdel(key, deleted);
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "poison"));
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "good-1"));
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "good-2"));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CamelContext context = newContext();
        context.getRegistry().bind("metricsRegistry", registry);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=live&claimMinIdleTime=100&claimInterval=100"
                     + "&maxDeliveries=1")
                        .routeId("counted")
                        .filter(body().isEqualTo("poison")).throwException(new IllegalStateException("poison"));
            }
        });
        context.start();
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("counted").getConsumer();

        // the abandoned entry comes back as its second delivery: over maxDeliveries=1, it goes to the dead letters
        // unrouted, as the poison does after its one failure
        await("dead letters and the deleted entry settled", Duration.ofSeconds(15),
                () -> consumer.getDeadLettered() == 2 && consumer.getDeletedWhilePending() == 1
                      && pendingCount(key, "g") == 0 && consumer.getInFlight() == 0);
        assertEquals(3, value(registry, "delivered"), "poison, good-1, good-2");
        assertEquals(1, value(registry, "failed"));
        assertEquals(2, value(registry, "dead.lettered"));
        assertEquals(1, value(registry, "deleted.while.pending"));
        // entries at maxDeliveries go to the dead letters without a claim, which would count one more delivery
        assertEquals(0, value(registry, "reclaimed"), "nothing was claimed to be routed again");
        assertTrue(value(registry, "acked") >= 2, "good-1 and good-2");
        assertEquals(consumer.getReclaimed(), value(registry, "reclaimed"));
        assertEquals(consumer.getAcked(), value(registry, "acked"));
        assertEquals(List.of("abandoned", "poison"), redis.xrange(key + ":dlq", "-", "+").stream()
                .map(entry -> entry.getFields().get("payload")).toList());
    }

    @Test
    void metersLeaveWithTheStoppedRouteAndComeBackWithItsRestart() throws Exception {
        String key = uniqueKey("restarted");
        addEntries(key, 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CamelContext context = startLoggingRoute(key, "restarted", Map.of("metricsRegistry", registry));
        await("all acked", Duration.ofSeconds(10), () -> value(registry, "acked") == 3);

        context.getRouteController().stopRoute("restarted");
        assertTrue(registry.find(PREFIX + "acked").meters().isEmpty(), "a stopped consumer reports nothing");

        context.getRouteController().startRoute("restarted");
        addEntries(key, 2);
        await("the restarted consumer counts from 0", Duration.ofSeconds(10), () -> value(registry, "acked") == 2);
        assertEquals(METER_NAMES.size(), registry.getMeters().size());
    }

    @Test
    void withoutAMeterRegistryNothingIsRegisteredAnywhere() throws Exception {
        String key = uniqueKey("unmetered");
        addEntries(key, 3);
        CamelContext context = startLoggingRoute(key, "unmetered", Map.of());
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("unmetered").getConsumer();
        await("all acked", Duration.ofSeconds(10), () -> consumer.getAcked() == 3);
        assertTrue(Metrics.globalRegistry.find(PREFIX + "acked").meters().isEmpty(), "nothing in the global registry");
    }

    @Test
    void amongSeveralRegistriesTheOneNamedMetricsRegistryIsUsed() throws Exception {
        String key = uniqueKey("several");
        addEntries(key, 1);
        SimpleMeterRegistry chosen = new SimpleMeterRegistry();
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        startLoggingRoute(key, "several", Map.of("metricsRegistry", chosen, "another", other));
        await("acked", Duration.ofSeconds(10), () -> value(chosen, "acked") == 1);
        assertTrue(other.getMeters().isEmpty(), "the other registry gets no meters");
    }

    @Test
    void amongSeveralRegistriesWithoutANamedOneTheCompositeIsUsed() throws Exception {
        String key = uniqueKey("composite");
        addEntries(key, 1);
        SimpleMeterRegistry prometheus = new SimpleMeterRegistry();
        SimpleMeterRegistry otlp = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry().add(prometheus).add(otlp);
        startLoggingRoute(key, "composite", Map.of("prometheus", prometheus, "otlp", otlp, "composite", composite));

        await("acked in both backends", Duration.ofSeconds(10),
                () -> value(prometheus, "acked") == 1 && value(otlp, "acked") == 1);
    }

    @Test
    void amongSeveralRegistriesWithNeitherNameNorCompositeNothingIsRegistered() throws Exception {
        String key = uniqueKey("ambiguous");
        addEntries(key, 1);
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        CamelContext context = startLoggingRoute(key, "ambiguous", Map.of("first", first, "second", second));
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("ambiguous").getConsumer();

        await("acked", Duration.ofSeconds(10), () -> consumer.getAcked() == 1);
        assertTrue(first.getMeters().isEmpty() && second.getMeters().isEmpty(), "no registry is guessed");
    }

    @Test
    void prometheusNamesAreTheOnesDocumentedInMonitoring() throws Exception {
        String key = uniqueKey("scraped");
        addEntries(key, 2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CamelContext context = startLoggingRoute(key, "scraped", Map.of("metricsRegistry", registry));
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("scraped").getConsumer();
        await("acked", Duration.ofSeconds(10), () -> consumer.getAcked() == 2);

        String scrape = registry.scrape();
        Set<String> scraped = names(scrape);
        assertEquals(METER_NAMES.size(), scraped.size(), scrape);
        assertTrue(scrape.contains("redis_streams_consumer_acked_total{consumer=\"scraped\",group=\"g\",routeId=\"scraped\",stream=\""
                                   + key + "\"} 2.0"), scrape);
        assertEquals(scraped, names(Files.readString(Path.of("..", "docs", "monitoring.md"))),
                "docs/monitoring.md names exactly the meters a scrape shows");
    }

    /**
     * A route that consumes the stream from its start as consumer routeId, with the beans in the Camel registry.
     */
    private CamelContext startLoggingRoute(String key, String routeId, Map<String, Object> beans) throws Exception {
        CamelContext context = newContext();
        beans.forEach(context.getRegistry()::bind);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&consumerName=" + routeId).routeId(routeId)
                        .to("log:x?level=OFF");
            }
        });
        context.start();
        return context;
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("redis_streams_consumer_[a-z_]+").matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static double value(SimpleMeterRegistry registry, String name) {
        Meter meter = registry.find(PREFIX + name).meter();
        if (meter == null) {
            return -1;
        }
        return meter.measure().iterator().next().getValue();
    }
}
