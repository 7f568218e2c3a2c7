package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reader sends its next read while it routes a full batch, within maxInFlight: batches still go through the route
 * one after the other in stream order, and a stop routes what the read ahead took, so that nothing is lost or routed
 * twice.
 */
class ReadAheadTest extends RedisStreamsTestSupport {

    @Test
    void aFullBatchIsReadAheadOfWithinMaxInFlightAndBatchesKeepStreamOrder() throws Exception {
        assertReadAhead("", 200);
    }

    @Test
    void noReadAheadWhenMaxInFlightLeavesNoRoomBeyondTheBatch() throws Exception {
        assertReadAhead("&maxInFlight=100", 100);
    }

    private void assertReadAhead(String options, int heldWhileTheFirstEntryRuns) throws Exception {
        String key = uniqueKey("ahead");
        List<String> ids = addEntries(key, 1000).stream().map(StreamEntryID::toString).toList();
        CountDownLatch release = new CountDownLatch(1);
        List<String> routed = new CopyOnWriteArrayList<>();
        DeliveryCounts counts = new DeliveryCounts();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=100" + options)
                        .process(exchange -> {
                            String id = exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                            counts.record(id);
                            routed.add(id);
                            release.await(30, TimeUnit.SECONDS);
                        });
            }
        });

        await("the reader holds " + heldWhileTheFirstEntryRuns + " entries", Duration.ofSeconds(10),
                () -> pendingCount(key, "g") == heldWhileTheFirstEntryRuns);
        Thread.sleep(300);
        assertEquals(heldWhileTheFirstEntryRuns, pendingCount(key, "g"), "no more taken than maxInFlight allows");
        assertEquals(1, routed.size(), "the first entry still runs");
        release.countDown();

        await("every entry routed and acknowledged", Duration.ofSeconds(30),
                () -> routed.size() == ids.size() && pendingCount(key, "g") == 0);
        assertEquals(ids, routed, "routed once each, in stream order");
        counts.assertEachOnce(ids);
    }

    @Test
    void aStopRoutesWhatTheReadAheadTookAndARestartGoesOnWithoutLossOrDuplicate() throws Exception {
        String key = uniqueKey("ahead");
        List<String> ids = addEntries(key, 2000).stream().map(StreamEntryID::toString).toList();
        DeliveryCounts counts = new DeliveryCounts();
        RouteBuilder route = new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=100&consumerName=worker")
                        .process(exchange -> {
                            counts.record(exchange.getMessage());
                            Thread.sleep(1);
                        });
            }
        };
        CamelContext first = startContext(route);
        await("a few batches routed", Duration.ofSeconds(20), () -> counts.distinct() >= 250);
        first.stop();

        long routedBeforeRestart = counts.distinct();
        assertEquals(Map.of(), counts.duplicated(), "no entry routed twice before the restart");
        assertTrue(routedBeforeRestart < ids.size(), "the stop came before the end: " + routedBeforeRestart);
        assertEquals(0, pendingCount(key, "g"), "every entry taken, read ahead included, was routed and acknowledged");
        assertEquals(ids.subList(0, (int) routedBeforeRestart), ids.stream().filter(counts.entries()::contains).toList(),
                "what was routed is the start of the stream");

        startContext(route);
        await("the rest routed after the restart", Duration.ofSeconds(30),
                () -> counts.distinct() == ids.size() && pendingCount(key, "g") == 0);
        counts.assertEachOnce(ids);
    }
}
