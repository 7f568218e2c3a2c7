package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis errors never end a consumer: they reach the exception handler (or, bridged, the route's error handler) with a
 * clear message, are retried with backoff, and consuming resumes once the cause is gone.
 */
class ConsumerErrorHandlingTest extends RedisStreamsTestSupport {

    @Test
    void keyOfAnotherTypeIsReportedOnceAndRetriedWithBackoffUntilFixed() throws Exception {
        String key = uniqueKey("orders");
        redis.set(key, "a string, not a stream");
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        List<Throwable> reported = handler.reported;
        DeliveryCounts processed = new DeliveryCounts();
        CamelContext context = newContext();
        context.getRegistry().bind("recordingHandler", handler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&exceptionHandler=#recordingHandler&reconnectMaxDelay=400")
                        .process(e -> processed.record(e.getMessage()));
            }
        });
        long xgroupCallsBefore = commandCalls("xgroup|create");
        context.start();

        Thread.sleep(2000);
        long attempts = commandCalls("xgroup|create") - xgroupCallsBefore;
        assertEquals(1, reported.size(), "the same failure is reported once, not on every retry: " + reported);
        String message = reported.get(0).getMessage();
        assertTrue(message.contains("Key '" + key + "'") && message.contains("holds a value that is not a stream")
                   && message.contains("WRONGTYPE"), message);
        // 100, 200, 400, 400 ... ms: a handful of attempts in 2 s, not a busy loop
        assertTrue(attempts >= 2 && attempts <= 10, "attempts in 2 s: " + attempts);

        redis.del(key);
        String fixed = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "after the fix")).toString();
        await("consuming resumed by itself", Duration.ofSeconds(10), () -> processed.count(fixed) == 1);
        await("and acked", Duration.ofSeconds(5), () -> pendingCount(key, "g") == 0);
        processed.assertEachOnce(List.of(fixed));
    }

    @Test
    void bridgeErrorHandlerRoutesRedisErrorsToTheRouteErrorHandler() throws Exception {
        String key = uniqueKey("orders");
        redis.hset(key, "not", "a stream");
        List<Exchange> errors = new CopyOnWriteArrayList<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                onException(RedisStreamsException.class).handled(true).process(errors::add);
                from("redis-streams:" + key + "?group=g&bridgeErrorHandler=true").to("log:never");
            }
        });

        await("the error reached the route's error handler", Duration.ofSeconds(10), () -> !errors.isEmpty());
        Exception caught = errors.get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertTrue(caught.getMessage().contains("holds a value that is not a stream"), caught.getMessage());
    }

    @Test
    void missingGroupWithoutCreateGroupIsAClearErrorAndResumesOnceCreated() throws Exception {
        String key = uniqueKey("orders");
        String first = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "first")).toString();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        List<Throwable> reported = handler.reported;
        DeliveryCounts processed = new DeliveryCounts();
        CamelContext context = newContext();
        context.getRegistry().bind("recordingHandler", handler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=late&createGroup=false&exceptionHandler=#recordingHandler")
                        .process(e -> processed.record(e.getMessage()));
            }
        });
        context.start();

        await("the missing group is reported", Duration.ofSeconds(10), () -> !reported.isEmpty());
        String message = reported.get(0).getMessage();
        assertTrue(message.contains("Consumer group 'late' does not exist") && message.contains("createGroup=true")
                   && message.contains("XGROUP CREATE " + key + " late $ MKSTREAM"), message);

        redis.xgroupCreate(key, "late", new StreamEntryID(0, 0), false);
        await("consuming started once the group exists", Duration.ofSeconds(10), () -> processed.count(first) == 1);
        await("and acked", Duration.ofSeconds(5), () -> pendingCount(key, "late") == 0);
        processed.assertEachOnce(List.of(first));
    }

    @Test
    void groupDestroyedDuringARunIsCreatedAgainAndNothingIsLost() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts processed = new DeliveryCounts();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                // startId=0: the group created again re-reads the stream, so entries added while it was gone are not skipped
                from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=200")
                        .process(e -> processed.record(e.getMessage()));
            }
        });
        Set<String> added = ConcurrentHashMap.newKeySet();
        Thread producing = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                added.add(redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "entry-" + i)).toString());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producing.start();
        await("consuming", Duration.ofSeconds(10), () -> processed.distinct() >= 50);

        long destroyedAt = System.currentTimeMillis();
        redis.xgroupDestroy(key, "g");
        producing.join(30_000);

        await("every entry processed, nothing pending in the group created again", Duration.ofSeconds(20),
                () -> processed.processedAll(added) && pendingCount(key, "g") == 0);
        assertEquals(300, added.size());
        // the new group reads the stream again from 0: what the old group delivered comes once more (a read answered
        // just before the destroy may be routed just after it), what was added after the destroy only once
        processed.duplicated().forEach((entry, count) -> {
            assertEquals(2, count, "processed at most once per group: " + entry);
            assertTrue(new StreamEntryID(entry).getTime() <= destroyedAt,
                    "only entries added before the destroy come again: " + entry);
        });
    }

    /** Calls of a command so far, failed ones included (Redis 7 names subcommands: xgroup|create). */
    private long commandCalls(String command) {
        for (String line : redis.info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return statistic(line, "calls") + statistic(line, "rejected_calls");
            }
        }
        return 0;
    }

    private static long statistic(String line, String name) {
        for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return 0;
    }
}
