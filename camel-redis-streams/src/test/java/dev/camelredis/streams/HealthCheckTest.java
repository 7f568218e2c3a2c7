package dev.camelredis.streams;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer health check through Camel's health API: DOWN with details while Redis is unreachable or the group is
 * missing and cannot be created, UP again by itself.
 */
class HealthCheckTest extends RedisStreamsTestSupport {

    @RegisterExtension
    static final RedisServerExtension OWN_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults());

    @Override
    protected RedisTestServer server() {
        return OWN_REDIS.server();
    }

    @Test
    void downWhileRedisIsUnreachableAndUpWhenItIsBack() throws Exception {
        String key = uniqueKey("health");
        CamelContext context = startContext(route(key, "orders", "&reconnectMaxDelay=300"));
        await("UP", Duration.ofSeconds(10), () -> state(context, "orders") == HealthCheck.State.UP);

        server().stop();
        try {
            await("DOWN while Redis is stopped", Duration.ofSeconds(10),
                    () -> state(context, "orders") == HealthCheck.State.DOWN);
            HealthCheck.Result down = result(context, "orders");
            Map<String, Object> details = down.getDetails();
            assertEquals(key, details.get("redis.streams.stream"));
            assertEquals("g", details.get("redis.streams.group"));
            assertEquals("worker", details.get("redis.streams.consumers"));
            assertNotNull(details.get("redis.streams.failing.since"));
            assertTrue(down.getMessage().orElse("").contains("Cannot reach Redis"), down.getMessage().orElse(""));
        } finally {
            server().start();
        }
        redis.close();
        redis = server().newClient();

        await("UP again by itself", Duration.ofSeconds(15), () -> state(context, "orders") == HealthCheck.State.UP);
    }

    /** docs/monitoring.md: on a single server, a route starts while Redis is down and its check tells. */
    @Test
    void startedWhileRedisIsDownItIsDownThenUpOnceRedisAnswers() throws Exception {
        String key = uniqueKey("health");
        server().stop();
        CamelContext context;
        try {
            context = startContext(route(key, "early", "&reconnectMaxDelay=300"));
            // DOWN from the start ("not connected yet"), then with the reader's own error
            await("DOWN with the error of Redis never reached", Duration.ofSeconds(10),
                    () -> state(context, "early") == HealthCheck.State.DOWN
                          && result(context, "early").getMessage().orElse("").contains("Cannot reach Redis"));
        } finally {
            server().start();
        }
        redis.close();
        redis = server().newClient();

        await("UP once Redis answers", Duration.ofSeconds(15), () -> state(context, "early") == HealthCheck.State.UP);
        StreamEntryID added = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "after the outage"));
        await("the entry consumed and acknowledged", Duration.ofSeconds(10),
                () -> added.equals(redis.xinfoGroups(key).get(0).getLastDeliveredId()) && pendingCount(key, "g") == 0);
    }

    @Test
    void downFromTheStartWhileRedisIsDownAndUpOnceReached() throws Exception {
        String key = uniqueKey("health");
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        server().stop();
        CamelContext context;
        try {
            context = startContext(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + "?group=g&startId=0&reconnectMaxDelay=300").routeId("early")
                            .process(e -> deliveries.computeIfAbsent(
                                    e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                    id -> new AtomicInteger()).incrementAndGet());
                }
            });
            HealthCheck.Result first = result(context, "early");
            assertEquals(HealthCheck.State.DOWN, first.getState(), "DOWN before the consumer ever reached Redis");
            String message = first.getMessage().orElse("");
            assertTrue(message.equals("Not connected to Redis yet") || message.contains("Cannot reach Redis"), message);
        } finally {
            server().start();
        }
        redis.close();
        redis = server().newClient();
        addEntries(key, 10);

        await("UP once reached", Duration.ofSeconds(15), () -> state(context, "early") == HealthCheck.State.UP);
        await("every entry consumed", Duration.ofSeconds(15), () -> deliveries.size() == 10);
        await("and acked", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
        assertTrue(deliveries.values().stream().allMatch(count -> count.get() == 1), "each entry once: " + deliveries);
    }

    @Test
    void downWhileTheGroupIsMissingAndCannotBeCreated() throws Exception {
        String key = uniqueKey("health");
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "x"));
        CamelContext context = startContext(route(key, "late", "&createGroup=false&reconnectMaxDelay=300"));

        await("DOWN: no group", Duration.ofSeconds(10), () -> state(context, "late") == HealthCheck.State.DOWN
                && result(context, "late").getMessage().orElse("").contains("does not exist"));

        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        await("UP once the group exists", Duration.ofSeconds(10), () -> state(context, "late") == HealthCheck.State.UP);
    }

    @Test
    void producerIsDownAfterAFailedPipelineAndUpAfterTheNextSuccess() throws Exception {
        String key = uniqueKey("health");
        CamelContext context = startContext();
        String uri = "redis-streams:" + key;
        context.createProducerTemplate().sendBody(uri, "first");
        assertEquals(HealthCheck.State.UP, producerCheck(context, key).getState());

        server().stop();
        try {
            assertTrue(context.createProducerTemplate().send(uri, e -> e.getMessage().setBody("lost")).isFailed());
            await("producer DOWN", Duration.ofSeconds(5),
                    () -> producerCheck(context, key).getState() == HealthCheck.State.DOWN);
            HealthCheck.Result down = producerCheck(context, key);
            // the pooled connection to the stopped server breaks under the XADD: Redis could have written it
            assertTrue(down.getMessage().orElse("").contains("failed while the XADD was on its way")
                       || down.getMessage().orElse("").contains("Cannot reach Redis"), down.getMessage().orElse(""));
        } finally {
            server().start();
        }
        redis.close();
        redis = server().newClient();

        context.createProducerTemplate().sendBody(uri, "again");
        await("producer UP", Duration.ofSeconds(5),
                () -> producerCheck(context, key).getState() == HealthCheck.State.UP);
    }

    @Test
    void twoProducerEndpointsOnOneKeyHaveAHealthCheckEach() throws Exception {
        String key = uniqueKey("health");
        CamelContext context = startContext();
        context.createProducerTemplate().sendBody("redis-streams:" + key, "plain");
        context.createProducerTemplate().sendBody("redis-streams:" + key + "?maxLen=1000", "trimmed");

        List<HealthCheck.Result> checks = producerChecks(context, key);
        assertEquals(2, checks.stream().map(r -> r.getCheck().getId()).distinct().count(),
                checks.stream().map(r -> r.getCheck().getId()).toList().toString());
        assertTrue(checks.stream().allMatch(r -> r.getState() == HealthCheck.State.UP));
    }

    @Test
    void noCheckWhenConsumerChecksAreOff() throws Exception {
        String key = uniqueKey("health");
        CamelContext context = newContext();
        context.getComponent("redis-streams", RedisStreamsComponent.class).setHealthCheckConsumerEnabled(false);
        context.addRoutes(route(key, "quiet", ""));
        context.start();
        assertTrue(HealthCheckHelper.invoke(context).stream()
                .noneMatch(r -> r.getCheck().getId().equals("consumer:quiet") && r.getDetails().containsKey("redis.streams.stream")));
    }

    private static RouteBuilder route(String key, String routeId, String options) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=worker" + options).routeId(routeId).to("log:x?level=OFF");
            }
        };
    }

    /**
     * As Camel Main does with camel.health.consumersEnabled and producersEnabled: make the consumers and producers
     * repositories part of the registry.
     */
    @Override
    protected CamelContext newContext() {
        CamelContext context = super.newContext();
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        // every check in the results, not only the DOWN ones (or the first one while all are UP)
        registry.setExposureLevel("full");
        registry.register(registry.resolveById("consumers"));
        // producer checks are off by default in Camel (camel.health.producersEnabled)
        org.apache.camel.health.HealthCheckRepository producers = (org.apache.camel.health.HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        return context;
    }

    /** The one producer check of the stream key (the test sends to one endpoint of it). */
    private static HealthCheck.Result producerCheck(CamelContext context, String key) {
        List<HealthCheck.Result> checks = producerChecks(context, key);
        assertEquals(1, checks.size(), "one producer check for " + key);
        return checks.get(0);
    }

    private static List<HealthCheck.Result> producerChecks(CamelContext context, String key) {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:redis-streams-" + key))
                .toList();
    }

    private static HealthCheck.State state(CamelContext context, String routeId) {
        HealthCheck.Result result = result(context, routeId);
        return result == null ? null : result.getState();
    }

    private static HealthCheck.Result result(CamelContext context, String routeId) {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId))
                .findFirst().orElse(null);
    }
}
