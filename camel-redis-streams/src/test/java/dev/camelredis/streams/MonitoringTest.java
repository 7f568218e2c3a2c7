package dev.camelredis.streams;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer's figures in JMX and in the redis-streams dev console, against what Redis says.
 */
class MonitoringTest extends RedisStreamsTestSupport {

    @Test
    void jmxAndDevConsoleShowLagPendingInFlightAndCounters() throws Exception {
        String key = uniqueKey("monitored");
        addEntries(key, 30);
        CountDownLatch release = new CountDownLatch(1);
        CamelContext context = newContext();
        context.setManagementName("monitoring-" + key.replace(':', '-'));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&consumerName=watched&maxMessagesPerPoll=5&maxInFlight=5")
                        .routeId("watched")
                        .threads(5)
                        .process(e -> release.await());
            }
        });
        context.start();
        await("five routed and waiting", Duration.ofSeconds(10), () -> jmx(context, "Delivered").equals(5L));
        // the Redis figures are cached for a few seconds: wait for a fresh read that sees the five pending
        await("statistics refreshed", Duration.ofSeconds(10), () -> jmx(context, "PendingCount").equals(5L));

        assertEquals(key, jmx(context, "StreamKey"));
        assertEquals("g", jmx(context, "Group"));
        assertEquals("watched", jmx(context, "ConsumerNames"));
        assertEquals(5L, jmx(context, "OwnPendingCount"));
        assertEquals(25L, jmx(context, "GroupLag"), "30 entries, 5 delivered");
        assertEquals(5, jmx(context, "InFlight"));
        assertEquals(5L, jmx(context, "Delivered"));
        assertTrue((Long) jmx(context, "OldestPendingIdleTime") >= 0);

        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("redis-streams");
        assertNotNull(console, "the dev console is found by its name");
        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        assertTrue(text.contains("Route watched: stream " + key + ", group g, consumers watched"), text);
        assertTrue(text.contains("lag: 25  pending: 5 (own 5)"), text);
        JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON, Map.of());
        Map<?, ?> consumer = (Map<?, ?>) ((List<?>) json.get("consumers")).get(0);
        assertEquals("watched", consumer.get("routeId"));
        assertEquals(5L, consumer.get("pending"));
        assertEquals(5, consumer.get("inFlight"));

        release.countDown();
        await("all acked", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0 && jmx(context, "Acked").equals(30L));
    }

    private static Object jmx(CamelContext context, String attribute) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName(
                    "org.apache.camel:context=" + context.getManagementName() + ",type=consumers,*"), null);
            assertEquals(1, names.size(), "one consumer MBean: " + names);
            return server.getAttribute(names.iterator().next(), attribute);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void figuresOfAnIdleGroupAreZeroNotErrors() throws Exception {
        String key = uniqueKey("idle");
        addEntries(key, 3);
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0").routeId("idle").to("log:x?level=OFF");
            }
        });
        dev.camelredis.streams.consumer.RedisStreamsConsumer consumer
                = (dev.camelredis.streams.consumer.RedisStreamsConsumer) context.getRoute("idle").getConsumer();
        await("all acked", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0 && consumer.getAcked() == 3);
        Thread.sleep(5100);

        dev.camelredis.streams.consumer.ConsumerMetrics metrics = consumer.metrics();
        assertEquals(null, metrics.statisticsError(), "nothing pending is not an error");
        assertEquals(0L, metrics.groupLag());
        assertEquals(0, metrics.pending());
        assertEquals(0, metrics.oldestPendingIdleMillis());
    }
}
