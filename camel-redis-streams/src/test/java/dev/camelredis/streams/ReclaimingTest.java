package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reclaimer: abandoned and failed entries come back with their true delivery count, poison entries end in the
 * dead-letter stream, deleted ones are acknowledged, slow but healthy exchanges are not robbed.
 */
class ReclaimingTest extends RedisStreamsTestSupport {

    private static final String FAST_CLAIMS = "&claimMinIdleTime=300&claimInterval=100";

    private void readAs(String consumerName, String key, int count) {
        redis.xreadGroup("g", consumerName, XReadGroupParams.xReadGroupParams().count(count),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    }

    @Test
    void entriesOfAConsumerThatNeverCameBackAreClaimedWithTheirTrueDeliveryCount() throws Exception {
        String key = uniqueKey("orders");
        List<StreamEntryID> ids = addEntries(key, 5);
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        // a consumer that read twice and died: delivered 2 times, never acked
        redis.xreadGroup("g", "gone", XReadGroupParams.xReadGroupParams().count(5),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        redis.xreadGroup("g", "gone", XReadGroupParams.xReadGroupParams().count(5),
                Map.of(key, new StreamEntryID(0, 0)));

        Map<String, Exchange> received = new ConcurrentHashMap<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=survivor" + FAST_CLAIMS).routeId("survivor")
                        .process(e -> received.put(e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class), e));
            }
        });

        await("claimed and processed", Duration.ofSeconds(10), () -> received.size() == 5 && pendingCount(key, "g") == 0);
        for (StreamEntryID id : ids) {
            Exchange exchange = received.get(id.toString());
            assertEquals(3L, exchange.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT), "2 before + this claim");
            assertEquals(true, exchange.getMessage().getHeader(RedisStreamsConstants.REDELIVERED));
        }
        assertEquals(5, ((RedisStreamsConsumer) context.getRoute("survivor").getConsumer()).getCounters().getReclaimed());
    }

    /**
     * A consumer that just started cannot tell whether Redis just came back from an outage, during which the owners of
     * running entries could not renew them: its first pass waits a renewal period (claimMinIdleTime / 2), so that they
     * renew first. Entries of a consumer that is really gone are claimed right after. Without the wait, the first pass
     * came a claimInterval after the start (657 ms here, with the time the start takes).
     */
    @Test
    void aConsumerThatJustStartedWaitsARenewalPeriodBeforeItsFirstPass() throws Exception {
        String key = uniqueKey("orders");
        List<StreamEntryID> ids = addEntries(key, 1);
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        readAs("gone", key, 1);
        // idle for longer than claimMinIdleTime already, as after an outage
        redis.xclaimJustId(key, "g", "gone", 0, XClaimParams.xClaimParams().idle(10_000), ids.get(0));

        Map<String, Long> routedAt = new ConcurrentHashMap<>();
        long startedAt = System.currentTimeMillis();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=newcomer&claimMinIdleTime=6000&claimInterval=100")
                        .process(e -> routedAt.put(e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                System.currentTimeMillis()));
            }
        });

        await("claimed and processed", Duration.ofSeconds(10), () -> routedAt.size() == 1 && pendingCount(key, "g") == 0);
        long waited = routedAt.get(ids.get(0).toString()) - startedAt;
        assertTrue(waited >= 3000, "claimed " + waited + " ms after the start, before a renewal period (3000 ms) passed");
    }

    @Test
    void failedEntriesAreRetriedByTheReclaimer() throws Exception {
        String key = uniqueKey("orders");
        AtomicInteger attempts = new AtomicInteger();
        Set<Long> deliveryCounts = ConcurrentHashMap.newKeySet();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0" + FAST_CLAIMS).process(e -> {
                    deliveryCounts.add(e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class));
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("transient failure");
                    }
                });
            }
        });
        addEntries(key, 1);

        await("succeeded on the third delivery and acked", Duration.ofSeconds(10),
                () -> attempts.get() == 3 && pendingCount(key, "g") == 0);
        assertEquals(Set.of(1L, 2L, 3L), deliveryCounts);
    }

    @Test
    void claimedEntriesGetTheirOwnDeliveryCountWhenTheClaimerHoldsEntriesInBetween() throws Exception {
        String key = uniqueKey("orders");
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), true);
        // "gone" holds the first and the last entry, "survivor" the two in between, which its route is still on
        StreamEntryID first = addEntries(key, 1).get(0);
        readAs("gone", key, 1);
        addEntries(key, 2);
        readAs("survivor", key, 2);
        StreamEntryID last = addEntries(key, 1).get(0);
        readAs("gone", key, 1);
        for (int i = 0; i < 4; i++) {
            // re-reading its pending entries counts a delivery each time: 5 in all
            redis.xreadGroup("g", "gone", XReadGroupParams.xReadGroupParams().count(10), Map.of(key, new StreamEntryID(0, 0)));
        }
        Map<String, Long> deliveryCounts = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                // asynchronous: the reader claims between two reads, so it must not wait for its own two entries
                from("redis-streams:" + key + "?group=g&consumerName=survivor" + FAST_CLAIMS).threads(4).process(e -> {
                    String id = e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                    deliveryCounts.put(id, e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class));
                    if (!id.equals(first.toString()) && !id.equals(last.toString())) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                });
            }
        });

        await("both of gone's entries claimed", Duration.ofSeconds(10),
                () -> deliveryCounts.containsKey(first.toString()) && deliveryCounts.containsKey(last.toString()));
        release.countDown();
        assertEquals(6L, deliveryCounts.get(first.toString()), "5 deliveries to gone + this claim");
        assertEquals(6L, deliveryCounts.get(last.toString()), "5 deliveries to gone + this claim, not a default");
        await("all acked", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
    }

    @Test
    void withShardOwnershipAFailedEntryIsRetriedThenDeadLettered() throws Exception {
        String key = uniqueKey("orders");
        AtomicInteger attempts = new AtomicInteger();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&shards=2&shardOwnership=true&shardLeaseTime=1500"
                     + "&maxDeliveries=2" + FAST_CLAIMS).process(e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("always fails");
                });
            }
        });
        context.createProducerTemplate().sendBody("redis-streams:" + key + "?shards=2", "poison");
        List<String> shards = List.of(key + ":{0}", key + ":{1}");

        await("retried by the owner's reclaimer, then dead-lettered", Duration.ofSeconds(15),
                () -> shards.stream().anyMatch(shard -> redis.exists(shard + ":dlq"))
                      && shards.stream().mapToLong(shard -> pendingCount(shard, "g")).sum() == 0);
        assertEquals(2, attempts.get(), "routed maxDeliveries times");
        assertEquals(1, shards.stream().mapToLong(shard -> redis.xlen(shard + ":dlq")).sum());
    }

    @Test
    void poisonEntryMovesToTheDeadLetterStreamAfterMaxDeliveries() throws Exception {
        String key = uniqueKey("orders");
        Map<String, AtomicInteger> attemptsByBody = new ConcurrentHashMap<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxDeliveries=3" + FAST_CLAIMS).routeId("orders")
                        .process(e -> {
                            String body = e.getMessage().getBody(String.class);
                            attemptsByBody.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                            if (body.equals("entry-3")) {
                                throw new IllegalArgumentException("cannot parse entry-3");
                            }
                        });
            }
        });
        List<StreamEntryID> ids = addEntries(key, 10);

        await("the poison entry is dead-lettered and the group has nothing pending", Duration.ofSeconds(15),
                () -> redis.exists(key + ":dlq") && pendingCount(key, "g") == 0);
        assertEquals(3, attemptsByBody.get("entry-3").get(), "routed maxDeliveries times, then not again");
        attemptsByBody.forEach((body, count) -> {
            if (!body.equals("entry-3")) {
                assertEquals(1, count.get(), body + " flowed on");
            }
        });
        List<StreamEntry> deadLetters = redis.xrange(key + ":dlq", "-", "+");
        assertEquals(1, deadLetters.size());
        Map<String, String> fields = deadLetters.get(0).getFields();
        assertEquals("3", fields.get("n"), "the original fields");
        assertEquals("entry-3", fields.get("payload"));
        assertEquals(key, fields.get("dlq-source-stream"));
        assertEquals(ids.get(3).toString(), fields.get("dlq-source-id"));
        assertEquals("g", fields.get("dlq-group"));
        assertEquals("3", fields.get("dlq-deliveries"));
        assertNotNull(fields.get("dlq-consumer"));
        assertEquals("IllegalArgumentException: cannot parse entry-3", fields.get("dlq-error"));
        assertEquals(1, ((RedisStreamsConsumer) context.getRoute("orders").getConsumer()).getCounters().getDeadLettered());
    }

    @Test
    void entryDeletedWhilePendingIsAckedWithoutAnEmptyExchange() throws Exception {
        String key = uniqueKey("orders");
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        DeliveryCounts processed = new DeliveryCounts();
        List<Object> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0" + FAST_CLAIMS).routeId("orders").process(e -> {
                    String id = e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                    bodies.add(e.getMessage().getBody());
                    if (failedOnce.add(id)) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    processed.record(id);
                });
            }
        });
        List<StreamEntryID> ids = addEntries(key, 3);
        await("all failed once", Duration.ofSeconds(10), () -> failedOnce.size() == 3);
        redis.xdel(key, ids.get(1));

        await("the rest processed, nothing pending", Duration.ofSeconds(10),
                () -> processed.distinct() == 2 && pendingCount(key, "g") == 0);
        assertEquals(0, processed.count(ids.get(1).toString()), "the deleted entry is never processed");
        processed.assertEachOnce(List.of(ids.get(0).toString(), ids.get(2).toString()));
        assertTrue(bodies.stream().allMatch(body -> body instanceof String && !((String) body).isEmpty()),
                "no empty exchange: " + bodies);
        assertEquals(1, ((RedisStreamsConsumer) context.getRoute("orders").getConsumer()).getCounters()
                .getDeletedWhilePending());
    }

    @Test
    void slowExchangeWithRenewalIsProcessedOnce() throws Exception {
        assertEquals(1, slowEntryProcessings(true));
    }

    @Test
    void slowExchangeWithoutRenewalIsClaimedByTheOtherConsumer() throws Exception {
        assertTrue(slowEntryProcessings(false) >= 2, "without renewal the other consumer takes the slow entry");
    }

    /**
     * Two consumers of one group; the entry takes 3 x claimMinIdleTime to process. Consumer a takes it first; only
     * b's reclaimer scans during the test, so that with renewal off the takeover is certain, not a race between the
     * two reclaimers.
     */
    private int slowEntryProcessings(boolean renew) throws Exception {
        String key = uniqueKey("slow");
        AtomicInteger processings = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        String options = "?group=g&startId=0&claimMinIdleTime=1000&renewInFlight=" + renew;
        startContext(slowRoute(key, options + "&consumerName=a&claimInterval=60000", processings, completed));
        addEntries(key, 1);
        await("a took the entry", Duration.ofSeconds(10), () -> processings.get() == 1);
        startContext(slowRoute(key, options + "&consumerName=b&claimInterval=100", processings, completed));

        await("processed and acked", Duration.ofSeconds(20),
                () -> completed.get() >= 1 && pendingCount(key, "g") == 0 && completed.get() == processings.get());
        return processings.get();
    }

    private static RouteBuilder slowRoute(String key, String options, AtomicInteger processings, AtomicInteger completed) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + options).process(e -> {
                    processings.incrementAndGet();
                    Thread.sleep(3000);
                    completed.incrementAndGet();
                });
            }
        };
    }
}
