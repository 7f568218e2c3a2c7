package dev.camelredis.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bookkeeping of the failover tests: producer threads that send numbered entries through the component (each
 * send's outcome and time recorded), the consumers' processings of those numbers, and what the streams hold at the
 * end. Entries are numbered by the field {@code n}, unique over the whole test.
 */
final class FailoverTraffic {

    /** The outcome of one exchange sent to the producer. */
    record Send(long n, String shardKey, long startedAt, long endedAt, String id, Exception error) {

        boolean acknowledged() {
            return id != null && error == null;
        }
    }

    private final ProducerTemplate template;
    private final String uri;
    private final String streamKey;
    private final int shards;
    private final int customers;
    private final AtomicLong next = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean producing;

    final Map<Long, Send> sends = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> processings = new ConcurrentHashMap<>();
    private final Map<Long, Long> firstProcessedAt = new ConcurrentHashMap<>();
    final AtomicInteger unreadable = new AtomicInteger();

    FailoverTraffic(ProducerTemplate template, String uri, String streamKey, int shards, int customers) {
        this.template = template;
        this.uri = uri;
        this.streamKey = streamKey;
        this.shards = shards;
        this.customers = customers;
    }

    /**
     * Starts producer threads, each sending one exchange at a time and pausing pauseMillis between two.
     */
    void start(int threadCount, long pauseMillis) {
        producing = true;
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> {
                while (producing) {
                    sendOne();
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "failover-producer-" + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    void stop() throws InterruptedException {
        producing = false;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    private void sendOne() {
        long n = next.getAndIncrement();
        String partitionKey = "customer-" + n % customers;
        long startedAt = System.currentTimeMillis();
        Exchange exchange = template.send(uri, e -> {
            e.getMessage().setBody(Map.of("n", String.valueOf(n), "customer", partitionKey));
            e.getMessage().setHeader(RedisStreamsConstants.PARTITION_KEY, partitionKey);
        });
        sends.put(n, new Send(n, shardKeyOf(partitionKey), startedAt, System.currentTimeMillis(),
                exchange.getException() == null ? exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class) : null,
                exchange.getException()));
    }

    /**
     * The shard a partition key lands on, computed here from the documented rule (CRC-32 of the UTF-8 bytes modulo
     * shards), not by the component's code.
     */
    String shardKeyOf(String partitionKey) {
        if (shards == 1) {
            return streamKey;
        }
        CRC32 crc = new CRC32();
        crc.update(partitionKey.getBytes(StandardCharsets.UTF_8));
        return streamKey + ":{" + crc.getValue() % shards + "}";
    }

    List<String> shardKeys() {
        if (shards == 1) {
            return List.of(streamKey);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            keys.add(streamKey + ":{" + i + "}");
        }
        return keys;
    }

    /**
     * What the consumers' route calls for each exchange.
     */
    void processed(Message message) {
        Map<?, ?> body = message.getBody(Map.class);
        Object n = body == null ? null : body.get("n");
        if (n == null) {
            unreadable.incrementAndGet();
            return;
        }
        long number = Long.parseLong(n.toString());
        firstProcessedAt.putIfAbsent(number, System.currentTimeMillis());
        processings.computeIfAbsent(number, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * The exact duplicate bound of a failover in which no consumer JVM died. The killed primary may take with it what
     * it had not replicated yet: acks, and the reads that moved its group's last-delivered-id. So an entry may be
     * processed twice only if it lives on a shard of the killed primary and was first processed before the failover
     * completed; every other entry, and every entry added past the producer ({@code direct}), exactly once.
     */
    void assertDuplicatesOnlyFromTheFailover(List<String> affectedShards, long recoveredAt) {
        processings.forEach((n, count) -> {
            Send send = sends.get(n);
            boolean mayRepeat = send != null && affectedShards.contains(send.shardKey())
                                && firstProcessedAt.get(n) < recoveredAt;
            assertTrue(count.get() <= (mayRepeat ? 2 : 1), "entry " + n + " on "
                    + (send == null ? "a shard of the promoted primary" : send.shardKey()) + " processed " + count.get()
                    + " times, first " + (firstProcessedAt.get(n) - recoveredAt) + " ms after the failover completed");
        });
    }

    /** What the shards hold at the end, and how long it took until all of it was processed and acknowledged. */
    record Drained(Map<Long, String> present, long millis) {
    }

    /**
     * Waits, up to 45 s, until every entry the shards hold has been processed and nothing is pending in group g;
     * returns what they hold then (the caller asserts on it).
     */
    Drained awaitDrained(UnifiedJedis client) throws InterruptedException {
        long start = System.currentTimeMillis();
        Map<Long, String> present = Map.of();
        while (System.currentTimeMillis() < start + 45_000) {
            present = streamContents(client, shardKeys());
            if (processedNumbers().containsAll(present.keySet()) && totalPending(client, shardKeys(), "g") == 0) {
                break;
            }
            Thread.sleep(200);
        }
        return new Drained(present, System.currentTimeMillis() - start);
    }

    /**
     * The entry numbers the streams hold now, with the shard each is in.
     */
    static Map<Long, String> streamContents(UnifiedJedis client, List<String> shardKeys) {
        Map<Long, String> present = new HashMap<>();
        for (String shardKey : shardKeys) {
            StreamEntryID from = StreamEntryID.MINIMUM_ID;
            while (true) {
                List<StreamEntry> page = client.xrange(shardKey, from, StreamEntryID.MAXIMUM_ID, 5000);
                for (StreamEntry entry : page) {
                    present.put(Long.parseLong(entry.getFields().get("n")), shardKey);
                }
                if (page.size() < 5000) {
                    break;
                }
                StreamEntryID last = page.get(page.size() - 1).getID();
                from = new StreamEntryID(last.getTime(), last.getSequence() + 1);
            }
        }
        return present;
    }

    static long totalPending(UnifiedJedis client, List<String> shardKeys, String group) {
        long pending = 0;
        for (String shardKey : shardKeys) {
            pending += client.xpending(shardKey, group).getTotal();
        }
        return pending;
    }

    Set<Long> processedNumbers() {
        return processings.keySet();
    }

    long totalProcessings() {
        return processings.values().stream().mapToLong(AtomicInteger::get).sum();
    }
}
