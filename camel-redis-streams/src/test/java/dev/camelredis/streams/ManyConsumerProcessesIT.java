package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four consumer JVMs in one group over eight shards, one producer: nothing lost, nothing processed twice, and the
 * work spread over the processes.
 */
class ManyConsumerProcessesIT extends RedisStreamsTestSupport {

    private static final int ENTRIES = 8000;
    private static final int PROCESSES = 4;
    private static final String OPTIONS = "&shards=8&startId=0&maxMessagesPerPoll=50";

    @Test
    void fourProcessesShareEightShardsAndLoseNothing() throws Exception {
        String key = uniqueKey("many");
        String counts = key + ":counts";
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 1; i <= PROCESSES; i++) {
                processes.add(ConsumerProcess.launch("redisUri=" + server().redisUri(), key, "jvm-" + i, counts, OPTIONS));
            }
            await("every process created its groups", Duration.ofSeconds(60),
                    () -> redis.exists(key + ":{7}") && redis.xinfoConsumers(key + ":{7}", "g").size() == PROCESSES);

            ProducerTemplate producer = startContext().createProducerTemplate();
            for (int i = 0; i < ENTRIES; i++) {
                producer.sendBodyAndHeader("redis-streams:" + key + "?shards=8", "entry-" + i,
                        RedisStreamsConstants.PARTITION_KEY, "customer-" + (i % 100));
            }

            await("every entry processed", Duration.ofSeconds(120), () -> redis.hlen(counts) == ENTRIES);
            await("and acked on every shard", Duration.ofSeconds(30), () -> totalPending(key) == 0);
            long processings = redis.hvals(counts).stream().mapToLong(Long::parseLong).sum();
            Map<String, String> shares = redis.hgetAll(counts + ":by-consumer");
            System.out.printf("many JVMs: %d entries over 8 shards, %d processings, share per process %s%n", ENTRIES,
                    processings, shares);
            assertEquals(ENTRIES, processings, "each entry processed exactly once");
            assertEquals(PROCESSES, shares.size(), "every process took part");
            for (String share : shares.values()) {
                assertTrue(Long.parseLong(share) >= ENTRIES / PROCESSES / 4,
                        "the spread is even within reason: " + shares);
            }
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private long totalPending(String key) {
        long pending = 0;
        for (int shard = 0; shard < 8; shard++) {
            pending += pendingCount(key + ":{" + shard + "}", "g");
        }
        return pending;
    }
}
