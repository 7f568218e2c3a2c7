package dev.camelredis.streams.consumer.acknowledging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.RedisStreamsTestSupport;
import dev.camelredis.streams.consumer.ConsumerCounters;
import dev.camelredis.streams.consumer.ErrorBackoff;
import dev.camelredis.streams.health.LoopHealth;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ack path under many completing threads: the thread is woken per burst, not per entry, and every ID queued is
 * sent exactly once, whatever the interleaving of the senders with its own draining.
 */
class AcknowledgerTest extends RedisStreamsTestSupport {

    private static final int THREADS = 16;
    private static final int ROUNDS = 60;
    private static final int ENTRIES_PER_ROUND = 2000;

    @Test
    void everyIdQueuedByConcurrentThreadsIsAcknowledgedOnceAndNoXackFails() throws Exception {
        String key = uniqueKey("acks");
        List<RedisStreamsException> failures = new CopyOnWriteArrayList<>();
        Map<StreamEntryID, Integer> settledTimes = new ConcurrentHashMap<>();
        AtomicInteger settled = new AtomicInteger();
        Acknowledger acknowledger = new Acknowledger(redis, key, "g", "test " + key, ids -> {
            ids.forEach(id -> settledTimes.merge(id, 1, Integer::sum));
            settled.addAndGet(ids.size());
        }, new ConsumerCounters(), new ErrorBackoff("ack path", 10, 100, failures::add, new LoopHealth()));
        ExecutorService ackThread = Executors.newSingleThreadExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        try {
            acknowledger.start(ackThread);
            redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), true);
            // rounds of bursts, so that the ack path goes idle and wakes up again many times
            for (int round = 0; round < ROUNDS; round++) {
                List<StreamEntryID> ids = addEntries(key, ENTRIES_PER_ROUND);
                redis.xreadGroup("g", "c", XReadGroupParams.xReadGroupParams().count(ENTRIES_PER_ROUND),
                        Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                List<Future<?>> sending = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    sending.add(senders.submit(() -> {
                        for (int i = first; i < ids.size(); i += THREADS) {
                            acknowledger.acknowledge(ids.get(i));
                        }
                    }));
                }
                for (Future<?> future : sending) {
                    future.get();
                }
                int expected = (round + 1) * ENTRIES_PER_ROUND;
                await("round " + round + " acknowledged", Duration.ofSeconds(20),
                        () -> settled.get() == expected || !failures.isEmpty());
                assertEquals(List.of(), failures, "no XACK failed");
                assertEquals(0, pendingCount(key, "g"), "round " + round + " left nothing pending");
            }
        } finally {
            acknowledger.stop(5000);
            senders.shutdownNow();
            ackThread.shutdownNow();
        }
        assertEquals(ROUNDS * ENTRIES_PER_ROUND, settledTimes.size());
        assertEquals(Map.of(), Map.copyOf(settledTimes.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))), "settled once each");
    }
}
