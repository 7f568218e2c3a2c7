package dev.camelredis.streams;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis goes away under a running consumer: the consumer reports it once, retries with backoff, and resumes by
 * itself when Redis is back, without a Camel restart.
 */
class RedisOutageTest extends RedisStreamsTestSupport {

    @RegisterExtension
    static final RedisServerExtension OWN_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().appendOnly());

    @Override
    protected RedisTestServer server() {
        return OWN_REDIS.server();
    }

    @Test
    void consumerResumesAfterRedisWasKilledAndRestarted() throws Exception {
        String key = uniqueKey("orders");
        Set<String> processed = ConcurrentHashMap.newKeySet();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext context = newContext();
        context.getRegistry().bind("recordingHandler", handler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=200&reconnectMaxDelay=500"
                     + "&exceptionHandler=#recordingHandler")
                        .process(e -> processed.add(e.getMessage().getBody(String.class)));
            }
        });
        context.start();
        addEntries(key, 10);
        await("entries before the outage", Duration.ofSeconds(10), () -> processed.size() == 10);
        // acks still queued at the kill would make the ack path report the outage too
        await("and their acks", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);

        server().kill();
        redis.close();
        Thread.sleep(1500);
        CamelExecutionException down = assertThrows(CamelExecutionException.class,
                () -> context.createProducerTemplate().sendBody("redis-streams:" + key, "while down"));
        assertTrue(down.getCause().getMessage().contains("Cannot reach Redis for redis-streams:" + key),
                down.getCause().getMessage());
        server().start();
        redis = server().newClient();

        context.createProducerTemplate().sendBody("redis-streams:" + key, "after restart");
        await("consuming resumed by itself", Duration.ofSeconds(15), () -> processed.contains("after restart"));
        await("and acks too", Duration.ofSeconds(5), () -> pendingCount(key, "g") == 0);
        assertEquals(11, processed.size());
        long connectionReports = handler.reported.stream()
                .filter(e -> e.getMessage().contains("Cannot reach Redis")).count();
        assertTrue(connectionReports >= 1 && connectionReports <= 2,
                "the outage is reported once per change of state, not per retry: " + handler.reported);
    }

    @Test
    void unreachableServerAtStartIsRetriedUntilItComes() throws Exception {
        String key = uniqueKey("orders");
        server().stop();
        Set<String> processed = ConcurrentHashMap.newKeySet();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&reconnectMaxDelay=300")
                        .process(e -> processed.add(e.getMessage().getBody(String.class)));
            }
        });
        Thread.sleep(1000);
        server().start();
        try (RedisClient client = server().newClient()) {
            await("group created once Redis is up", Duration.ofSeconds(10),
                    () -> client.exists(key) && !client.xinfoGroups(key).isEmpty());
            client.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "late"));
        }
        await("consumed", Duration.ofSeconds(10), () -> processed.contains("late"));
    }
}
