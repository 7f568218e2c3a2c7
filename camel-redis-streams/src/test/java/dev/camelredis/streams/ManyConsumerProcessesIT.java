package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static dev.camelredis.streams.ClusterIT.SHARDS;
import static dev.camelredis.streams.ClusterIT.shardKeys;
import static dev.camelredis.streams.RedisStreamsTestSupport.await;
import static dev.camelredis.streams.RedisStreamsTestSupport.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four consumer JVMs in one group over eight shards spread over the primaries of a Redis Cluster, one producer:
 * nothing lost, nothing processed twice, and the work spread over the processes.
 */
class ManyConsumerProcessesIT extends ClusterProcessesTestSupport {

    private static final int ENTRIES = 8000;
    private static final int PROCESSES = 4;
    private static final String OPTIONS = "&shards=" + SHARDS + "&startId=0&maxMessagesPerPoll=50";

    @Test
    void fourProcessesShareEightShardsAndLoseNothing() throws Exception {
        String key = uniqueKey("many");
        String counts = key + ":counts";
        Map<Integer, List<String>> shardsByPrimary = assertShardsOnSeveralPrimaries(key);
        for (int i = 1; i <= PROCESSES; i++) {
            launch(key, "jvm-" + i, counts, OPTIONS);
        }
        // one reader per process and shard, each waiting in its XREADGROUP
        await("every process reads every shard", Duration.ofSeconds(60),
                () -> blockedReaders(shardKeys(key)) == (long) PROCESSES * SHARDS);

        ProducerTemplate producer = startProducer();
        for (int i = 0; i < ENTRIES; i++) {
            producer.sendBodyAndHeader("redis-streams:" + key + "?shards=" + SHARDS, "entry-" + i,
                    RedisStreamsConstants.PARTITION_KEY, "customer-" + (i % 100));
        }

        await("every entry processed", Duration.ofSeconds(120), () -> redis.hlen(counts) == ENTRIES);
        await("and acked on every shard", Duration.ofSeconds(30), () -> totalPending(key) == 0);
        long processings = redis.hvals(counts).stream().mapToLong(Long::parseLong).sum();
        Map<String, String> shares = redis.hgetAll(counts + ":by-consumer");
        System.out.printf("many JVMs: %d entries over %d shards on primaries %s, %d processings,"
                          + " share per process %s%n", ENTRIES, SHARDS, shardsByPrimary, processings, shares);
        assertEquals(ENTRIES, processings, "each entry processed exactly once");
        assertEquals(PROCESSES, shares.size(), "every process took part");
        for (String share : shares.values()) {
            assertTrue(Long.parseLong(share) >= ENTRIES / PROCESSES / 4, "the spread is even within reason: " + shares);
        }
    }
}
