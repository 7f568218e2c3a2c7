package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A logical stream over several keys (shards): the producer places entries by partition key or in turn, consumers
 * read every shard, and the order of one partition key holds for one consumer.
 */
class ShardedStreamTest extends RedisStreamsTestSupport {

    private static final int SHARDS = 4;

    @Test
    void partitionKeysPickAStableShardAndNoKeyMeansInTurn() throws Exception {
        String key = uniqueKey("orders");
        ProducerTemplate producer = startContext().createProducerTemplate();
        String uri = "redis-streams:" + key + "?shards=" + SHARDS;

        for (int i = 0; i < 40; i++) {
            producer.sendBodyAndHeader(uri, "c7-" + i, RedisStreamsConstants.PARTITION_KEY, "customer-7");
        }
        for (int i = 0; i < 40; i++) {
            producer.sendBody(uri, "any-" + i);
        }

        long customerShards = shardKeys(key).stream()
                .filter(shard -> redis.xrange(shard, "-", "+").stream().anyMatch(e -> e.getFields().get("payload").startsWith("c7-")))
                .count();
        assertEquals(1, customerShards, "every entry of one partition key on one shard");
        for (String shard : shardKeys(key)) {
            long inTurn = redis.xrange(shard, "-", "+").stream().filter(e -> e.getFields().get("payload").startsWith("any-")).count();
            assertEquals(10, inTurn, "without a partition key, shards are used in turn: " + shard);
        }
    }

    @Test
    void consumersOfOneGroupReadEveryShardAndOneConsumerKeepsTheOrderOfAPartitionKey() throws Exception {
        String key = uniqueKey("orders");
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Map<String, List<Integer>> orderByCustomer = new ConcurrentHashMap<>();
        List<String> shardHeaders = new CopyOnWriteArrayList<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&shards=" + SHARDS + "&consumerName=only")
                        .process(e -> {
                            Map<?, ?> body = e.getMessage().getBody(Map.class);
                            deliveries.computeIfAbsent(e.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY, String.class)
                                                       + "/" + e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID),
                                    id -> new AtomicInteger()).incrementAndGet();
                            orderByCustomer.computeIfAbsent((String) body.get("customer"), c -> new CopyOnWriteArrayList<>())
                                    .add(Integer.parseInt((String) body.get("seq")));
                            shardHeaders.add(e.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY, String.class));
                        });
            }
        });
        await("group created on every shard", Duration.ofSeconds(10),
                () -> shardKeys(key).stream().allMatch(shard -> redis.exists(shard) && redis.xinfoGroups(shard).size() == 1));
        ProducerTemplate producer = context.createProducerTemplate();
        for (int seq = 0; seq < 100; seq++) {
            for (int customer = 0; customer < 8; customer++) {
                producer.sendBodyAndHeader("redis-streams:" + key + "?shards=" + SHARDS,
                        Map.of("customer", "c" + customer, "seq", seq), RedisStreamsConstants.PARTITION_KEY, "c" + customer);
            }
        }

        await("all processed and acked on every shard", Duration.ofSeconds(30),
                () -> deliveries.size() == 800 && shardKeys(key).stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        deliveries.forEach((id, count) -> assertEquals(1, count.get(), id));
        orderByCustomer.forEach((customer, seqs) -> {
            List<Integer> sorted = new ArrayList<>(seqs);
            sorted.sort(null);
            assertEquals(sorted, seqs, "order of " + customer);
        });
        assertTrue(shardHeaders.containsAll(shardKeys(key)), "the stream key header names the shard");
    }

    @Test
    void twoConsumersShareTheShardsAndDeadLettersStayOnTheirShard() throws Exception {
        String key = uniqueKey("orders");
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Set<String> consumers = ConcurrentHashMap.newKeySet();
        String options = "?group=g&startId=0&shards=" + SHARDS + "&maxDeliveries=1&claimMinIdleTime=300&claimInterval=100";
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                for (String name : List.of("a", "b")) {
                    from("redis-streams:" + key + options + "&consumerName=" + name).process(e -> {
                        if ("poison".equals(e.getMessage().getBody(String.class))) {
                            throw new IllegalStateException("poison");
                        }
                        consumers.add(e.getMessage().getHeader(RedisStreamsConstants.CONSUMER_NAME, String.class));
                        deliveries.computeIfAbsent(e.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY, String.class)
                                                   + "/" + e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID),
                                id -> new AtomicInteger()).incrementAndGet();
                    });
                }
            }
        });
        ProducerTemplate producer = startContext().createProducerTemplate();
        for (int i = 0; i < 400; i++) {
            producer.sendBody("redis-streams:" + key + "?shards=" + SHARDS, "entry-" + i);
        }
        producer.sendBodyAndHeader("redis-streams:" + key + "?shards=" + SHARDS, "poison", RedisStreamsConstants.PARTITION_KEY, "p");

        String poisonShard = key + ":{" + Math.floorMod(crc32("p"), SHARDS) + "}";
        await("all processed, poison dead-lettered on its shard", Duration.ofSeconds(30),
                () -> deliveries.size() == 400 && redis.exists(poisonShard + ":dlq")
                        && shardKeys(key).stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        deliveries.forEach((id, count) -> assertEquals(1, count.get(), id));
        assertEquals(Set.of("a", "b"), consumers, "both consumers took a share");
        assertEquals("poison", redis.xrange(poisonShard + ":dlq", "-", "+").get(0).getFields().get("payload"));
    }

    @Test
    void consumerTemplateRefusesAShardedStream() throws Exception {
        CamelContext context = startContext();
        Exception e = assertThrows(Exception.class, () -> context.createConsumerTemplate()
                .receiveBody("redis-streams:" + uniqueKey("orders") + "?group=g&shards=2", 100));
        assertTrue(String.valueOf(e.getMessage()).contains("cannot read the sharded stream")
                   || String.valueOf(e.getCause()).contains("cannot read the sharded stream"), e.toString());
    }

    private static List<String> shardKeys(String key) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            keys.add(key + ":{" + i + "}");
        }
        return keys;
    }

    private static long crc32(String text) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
