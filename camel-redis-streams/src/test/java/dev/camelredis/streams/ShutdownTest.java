package dev.camelredis.streams;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping a consumer: no new reads, the exchanges in flight finish and are acknowledged before the connection
 * closes; what was never processed stays pending, nothing is acked without having been processed.
 */
class ShutdownTest extends RedisStreamsTestSupport {

    @Test
    void inFlightExchangesOfAnAsynchronousRouteFinishAndAreAckedOnStop() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts started = new DeliveryCounts();
        DeliveryCounts finished = new DeliveryCounts();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=10")
                        .process(e -> started.record(e.getMessage()))
                        .threads(10)
                        .delay(300)
                        .process(e -> finished.record(e.getMessage()));
            }
        });
        List<StreamEntryID> ids = addEntries(key, 200);
        await("several exchanges in flight", Duration.ofSeconds(10), () -> started.distinct() >= 10);

        context.stop();

        assertEquals(started.entries(), finished.entries(), "every exchange that started was allowed to finish");
        finished.assertEachOnce(finished.entries());
        Set<String> pending = new HashSet<>(pendingIds(key, "g"));
        StreamEntryID lastDelivered = redis.xinfoGroups(key).get(0).getLastDeliveredId();
        Set<String> acked = ids.stream().filter(id -> id.compareTo(lastDelivered) <= 0).map(StreamEntryID::toString)
                .filter(id -> !pending.contains(id)).collect(Collectors.toSet());
        assertEquals(finished.entries(), acked, "acked = processed: nothing acked unprocessed, nothing processed left unacked");
        assertTrue(acked.size() < ids.size(), "the stop came before the end: " + acked.size());
    }

    @Test
    void sedaRouteStaysWithinMaxInFlightAndIsAckedBeforeStopReturns() throws Exception {
        String key = uniqueKey("orders");
        AtomicInteger routed = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                // maxInFlight = 2 x 5: the seda consumer's work counts, since the entry is done only there
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=5").routeId("in")
                        .process(e -> routed.incrementAndGet())
                        .to("seda:work");
                from("seda:work").process(e -> {
                    Thread.sleep(20);
                    processed.incrementAndGet();
                });
            }
        });
        addEntries(key, 200);
        await("a steady flow", Duration.ofSeconds(10), () -> processed.get() >= 20);
        // not the pending count: it also holds finished entries whose XACK is on its way
        int mostUnfinished = 0;
        for (int sample = 0; sample < 50; sample++) {
            mostUnfinished = Math.max(mostUnfinished, routed.get() - processed.get());
            Thread.sleep(5);
        }
        assertTrue(mostUnfinished <= 10, "routed but not finished stays within maxInFlight: " + mostUnfinished);

        context.getRouteController().stopRoute("in");

        long processedAtStop = processed.get();
        Thread.sleep(500);
        assertEquals(processedAtStop, processed.get(), "the stop waited for the entries handed to seda");
        Set<String> pending = new HashSet<>(pendingIds(key, "g"));
        StreamEntryID lastDelivered = redis.xinfoGroups(key).get(0).getLastDeliveredId();
        long delivered = addedUpTo(key, lastDelivered);
        assertEquals(processedAtStop, delivered - pending.size(), "every processed entry acked, no other");
        assertTrue(pending.isEmpty(), "nothing read was left unfinished: " + pending.size());
    }

    private long addedUpTo(String key, StreamEntryID last) {
        return redis.xrange(key, "-", last.toString()).size();
    }

    @Test
    void stopUnderLoadLeavesEveryEntryProcessedAndAckedOrPending() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts processed = new DeliveryCounts();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&concurrentConsumers=2&maxMessagesPerPoll=50")
                        .process(e -> {
                            Thread.sleep(1);
                            processed.record(e.getMessage());
                        });
            }
        });
        List<StreamEntryID> ids = addEntries(key, 5000);
        await("in the middle of the run", Duration.ofSeconds(30), () -> processed.distinct() >= 1000);

        context.stop();

        Set<String> pending = new HashSet<>(pendingIds(key, "g"));
        StreamEntryID lastDelivered = redis.xinfoGroups(key).get(0).getLastDeliveredId();
        Set<String> acked = ids.stream().filter(id -> id.compareTo(lastDelivered) <= 0).map(StreamEntryID::toString)
                .filter(id -> !pending.contains(id)).collect(Collectors.toSet());
        assertEquals(processed.entries(), acked, "every processed entry acked, none acked without having been processed");
        processed.assertEachOnce(acked);
        assertTrue(processed.distinct() < ids.size(), "stopped before the end");
        System.out.printf("stop under load: produced %d, processed and acked %d, pending %d, never delivered %d%n",
                ids.size(), acked.size(), pending.size(), ids.stream().filter(id -> id.compareTo(lastDelivered) > 0).count());
    }

    @Test
    void stopThatRunsOutOfTimeStillAcksWhatFinished() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts finished = new DeliveryCounts();
        Set<String> slowStarted = ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        CamelContext context = newContext();
        context.getShutdownStrategy().setTimeout(2);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=5&maxInFlight=5")
                        .threads(5)
                        .process(e -> {
                            String body = e.getMessage().getBody(String.class);
                            if ("entry-0".equals(body)) {
                                never.await();
                            }
                            if (Integer.parseInt(body.substring("entry-".length())) >= 16) {
                                // still running when the stop begins: finished, and acked, within its 2 s
                                slowStarted.add(body);
                                Thread.sleep(1000);
                            }
                            finished.record(e.getMessage());
                        });
            }
        });
        context.start();
        List<StreamEntryID> ids = addEntries(key, 20);
        await("the hung one, 15 finished and 4 slow ones running", Duration.ofSeconds(10),
                () -> finished.distinct() == 15 && slowStarted.size() == 4);

        long start = System.nanoTime();
        context.stop();
        long stopMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(stopMillis < 8000, "the stop ends near the 2 s shutdown timeout, not after Camel's fail-safe: " + stopMillis);
        assertEquals(19, finished.distinct(), "the slow ones finished during the stop");
        finished.assertEachOnce(finished.entries());
        assertEquals(List.of(ids.get(0).toString()), pendingIds(key, "g"), "only the hung entry stays pending");
        never.countDown();
    }
}
