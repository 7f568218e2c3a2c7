package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * batching=true: one exchange per read batch, whose body lists the entries as messages; the batch is acknowledged
 * together when the exchange completes and stays pending together when it fails, to be reclaimed like single entries.
 */
class BatchingTest extends RedisStreamsTestSupport {

    @Test
    void eachReadBatchIsOneExchangeAndIsAckedWhenItCompletes() throws Exception {
        String key = uniqueKey("batches");
        List<StreamEntryID> ids = addEntries(key, 300);
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&batching=true&maxMessagesPerPoll=50")
                        .process(exchange -> {
                            List<?> entries = exchange.getMessage().getBody(List.class);
                            batchSizes.add(entries.size());
                            for (Object entry : entries) {
                                Message message = (Message) entry;
                                deliveries.merge(message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class), 1,
                                        Integer::sum);
                                assertTrue(message.getBody(String.class).startsWith("entry-"), "payload as body");
                                assertEquals(1L, message.getHeader(RedisStreamsConstants.DELIVERY_COUNT));
                            }
                        });
            }
        });

        await("every entry delivered and acked", Duration.ofSeconds(30),
                () -> deliveries.size() == 300 && pendingCount(key, "g") == 0);
        for (StreamEntryID id : ids) {
            assertEquals(1, deliveries.get(id.toString()), "deliveries of " + id);
        }
        assertTrue(batchSizes.stream().allMatch(size -> size >= 1 && size <= 50), "batch sizes " + batchSizes);
        assertTrue(batchSizes.size() < 300, "entries were routed one by one: " + batchSizes);
        assertEquals(300, batchSizes.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aFailedBatchStaysPendingAsAWholeAndIsReclaimedWithItsDeliveryCounts() throws Exception {
        String key = uniqueKey("batches");
        List<StreamEntryID> ids = addEntries(key, 40);
        String poison = ids.get(5).toString();
        Map<String, List<Long>> deliveryCounts = new ConcurrentHashMap<>();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&batching=true&maxMessagesPerPoll=10"
                     + "&claimMinIdleTime=500&claimInterval=200")
                        .process(exchange -> {
                            boolean failNow = false;
                            for (Object entry : exchange.getMessage().getBody(List.class)) {
                                Message message = (Message) entry;
                                String id = message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                                deliveryCounts.computeIfAbsent(id, any -> new CopyOnWriteArrayList<>())
                                        .add(message.getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class));
                                failNow |= id.equals(poison) && failedOnce.add(id);
                            }
                            if (failNow) {
                                throw new IllegalStateException("entry " + poison + " fails the first time");
                            }
                        });
            }
        });

        await("every entry acked, the failed batch after its reclaim", Duration.ofSeconds(30),
                () -> deliveryCounts.size() == 40 && deliveryCounts.get(poison).size() == 2
                      && pendingCount(key, "g") == 0);
        List<String> firstBatch = ids.subList(0, 10).stream().map(StreamEntryID::toString).toList();
        for (StreamEntryID id : ids) {
            List<Long> counts = deliveryCounts.get(id.toString());
            if (firstBatch.contains(id.toString())) {
                assertEquals(List.of(1L, 2L), counts, "the failed batch's entry " + id + " is routed again, counted");
            } else {
                assertEquals(List.of(1L), counts, "entry " + id + " of a batch that succeeded is routed once");
            }
        }
    }

    @Test
    void splittingTheBodyGivesEachEntryItsOwnExchangeWithItsHeaders() throws Exception {
        String key = uniqueKey("batches");
        List<StreamEntryID> ids = addEntries(key, 25);
        Map<String, String> bodiesById = new ConcurrentHashMap<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&batching=true&maxMessagesPerPoll=10")
                        .split(body())
                        .process(exchange -> bodiesById.put(
                                exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                exchange.getMessage().getBody(String.class)));
            }
        });

        await("every entry split out and acked", Duration.ofSeconds(30),
                () -> bodiesById.size() == 25 && pendingCount(key, "g") == 0);
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("entry-" + i, bodiesById.get(ids.get(i).toString()));
        }
    }

    @Test
    void aConsumerTemplateRefusesBatchingNamingTheOption() throws Exception {
        String key = uniqueKey("batches");
        CamelContext context = startContext();
        ConsumerTemplate template = context.createConsumerTemplate();

        Exception error = assertThrows(Exception.class,
                () -> template.receiveBody("redis-streams:" + key + "?group=g&batching=true", 100));

        String message = String.valueOf(error.getMessage()) + " " + error.getCause();
        assertTrue(message.contains("batching=true") && message.contains("remove batching"), message);
    }
}
