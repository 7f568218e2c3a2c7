package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XACK follows the outcome of the exchange: success acks, failure leaves the entry pending under its ID, and a
 * consumer restarted under the same name finishes what it had taken.
 */
class AcknowledgementTest extends RedisStreamsTestSupport {

    @Test
    void failedExchangesStayPendingAndTheRestIsAcked() throws Exception {
        String key = uniqueKey("orders");
        Set<String> failedIds = ConcurrentHashMap.newKeySet();
        DeliveryCounts processed = new DeliveryCounts();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&concurrentConsumers=2").routeId("orders")
                        .process(exchange -> {
                            String id = exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                            processed.record(id);
                            Map<?, ?> fields = exchange.getMessage().getHeader(RedisStreamsConstants.FIELDS, Map.class);
                            if (Integer.parseInt((String) fields.get("n")) % 7 == 0) {
                                failedIds.add(id);
                                throw new IllegalStateException("entry " + id + " cannot be processed");
                            }
                        });
            }
        });

        addEntries(key, 500);

        await("all processed, all but the failed ones acked", Duration.ofSeconds(30),
                () -> processed.distinct() == 500 && pendingCount(key, "g") == failedIds.size());
        assertEquals(Map.of(), processed.duplicated(), "no entry handed over twice");
        assertEquals(72, failedIds.size(), "entries 0, 7, ..., 497 fail");
        assertEquals(failedIds, Set.copyOf(pendingIds(key, "g")), "exactly the failed entries stay pending");
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("orders").getConsumer();
        await("counters settled", Duration.ofSeconds(5), () -> consumer.getCounters().getAcked() == 428);
        assertEquals(500, consumer.getCounters().getDelivered());
        assertEquals(72, consumer.getCounters().getFailed());
    }

    @Test
    void theAckIsSentOnlyAfterTheRoutesOnCompletionRan() throws Exception {
        String key = uniqueKey("orders");
        addEntries(key, 3);
        Map<String, Boolean> pendingAfterOnCompletion = new ConcurrentHashMap<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0")
                        .onCompletion()
                            .process(exchange -> {
                                // an ack queued before this ran would reach Redis within a few milliseconds
                                Thread.sleep(100);
                                String id = exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                                pendingAfterOnCompletion.put(id, pendingIds(key, "g").contains(id));
                            })
                        .end()
                        .log("${header.CamelRedisStreamsMessageId}");
            }
        });

        await("all acked", Duration.ofSeconds(10), () -> pendingAfterOnCompletion.size() == 3 && pendingCount(key, "g") == 0);
        assertEquals(Set.of(true), Set.copyOf(pendingAfterOnCompletion.values()),
                "each entry was still pending while its onCompletion ran: " + pendingAfterOnCompletion);
    }

    @Test
    void restartedConsumerFinishesTheEntriesItHadTaken() throws Exception {
        String key = uniqueKey("orders");
        List<StreamEntryID> ids = addEntries(key, 20);
        CamelContext first = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&consumerName=worker")
                        .process(exchange -> {
                            throw new IllegalStateException("crash before completing");
                        });
            }
        });
        await("the first run took every entry", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 20);
        first.stop();

        Map<String, Long> deliveryCounts = new ConcurrentHashMap<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=worker")
                        .process(exchange -> deliveryCounts.put(
                                exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                exchange.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class)));
            }
        });

        await("the restarted consumer processed and acked its pending entries", Duration.ofSeconds(10),
                () -> deliveryCounts.size() == 20 && pendingCount(key, "g") == 0);
        assertEquals(ids.stream().map(StreamEntryID::toString).collect(Collectors.toSet()), deliveryCounts.keySet());
        deliveryCounts.values().forEach(count -> assertEquals(2L, count, "second delivery, as XPENDING counts it"));
    }

    @Test
    void manualModeAcksOnlyWhatTheRouteAcknowledges() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts seen = new DeliveryCounts();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&ackMode=MANUAL")
                        .process(exchange -> {
                            seen.record(exchange.getMessage());
                            Map<?, ?> fields = exchange.getMessage().getHeader(RedisStreamsConstants.FIELDS, Map.class);
                            if (Integer.parseInt((String) fields.get("n")) % 2 == 0) {
                                exchange.getMessage().getHeader(RedisStreamsConstants.ACKNOWLEDGEMENT,
                                        RedisStreamsAcknowledgement.class).ack();
                            }
                        });
            }
        });

        List<StreamEntryID> ids = addEntries(key, 40);

        await("all seen, the odd ones left pending", Duration.ofSeconds(10),
                () -> seen.distinct() == 40 && pendingCount(key, "g") == 20);
        assertEquals(Map.of(), seen.duplicated(), "no entry handed over twice");
        Set<String> odd = Set.of(ids.stream().filter(id -> ids.indexOf(id) % 2 == 1).map(StreamEntryID::toString)
                .toArray(String[]::new));
        assertEquals(odd, Set.copyOf(pendingIds(key, "g")));
    }

    @Test
    void noneModeNeverLeavesEntriesPendingEvenWhenTheRouteFails() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts seen = new DeliveryCounts();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&ackMode=NONE")
                        .process(exchange -> {
                            seen.record(exchange.getMessage());
                            throw new IllegalStateException("lost: NONE is at most once");
                        });
            }
        });

        addEntries(key, 30);

        await("all seen", Duration.ofSeconds(10), () -> seen.distinct() == 30);
        assertEquals(Map.of(), seen.duplicated(), "a failed exchange is not retried: NONE is at most once");
        assertEquals(0, pendingCount(key, "g"), "NOACK reads never enter the pending list");
        assertTrue(redis.xinfoGroups(key).get(0).getLastDeliveredId().getTime() > 0);
    }
}
