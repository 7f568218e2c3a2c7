package dev.camelredis.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/**
 * The streams the scenarios work on: every repetition gets a fresh key, filled (untimed) with the same kind of
 * entries, and deleted afterwards so that Redis' memory does not grow over the run.
 */
final class StreamFixture {

    static final String GROUP = "bench";

    /** Entries per pipeline sync while pre-filling: large enough that round trips do not matter. */
    private static final int PREFILL_BATCH = 1_000;
    private static final String NOTE = "x".repeat(50);
    private static final AtomicLong KEYS = new AtomicLong();

    private final UnifiedJedis client;

    /** @param client a client of one server, or of a cluster: each command names a single key */
    StreamFixture(UnifiedJedis client) {
        this.client = client;
    }

    /**
     * The entry every scenario reads and writes: 4 fields, about 100 bytes of names and values. None of them is the
     * component's payloadField, so consumers see the whole Map as body, as with a typical structured event.
     *
     * @param first the value of the first field: a sequence number, or the send time in the latency run
     */
    static Map<String, String> entry(long first) {
        Map<String, String> fields = new LinkedHashMap<>(8);
        // plain concatenation: building entries is inside the timed loops of the producer rows, String.format would
        // cost more than the XADD it feeds
        fields.put("seq", Long.toString(first));
        fields.put("customer", "customer-" + first % 100_000);
        fields.put("amount", first % 10_000 + "." + (10 + first % 90));
        fields.put("note", NOTE);
        return fields;
    }

    /**
     * The work of every consumer row for each entry, the "route that reads two fields": take two of the
     * entry's fields as Strings. A missing field fails the run, which also keeps the JIT from dropping the reads.
     */
    static void readTwoFields(Map<?, ?> fields) {
        if (!(fields.get("customer") instanceof String customer) || !(fields.get("amount") instanceof String amount)
            || customer.isEmpty() || amount.isEmpty()) {
            throw new IllegalStateException("An entry without its customer and amount fields: " + fields);
        }
    }

    /** A key no earlier repetition used. */
    static String freshKey(String scenario) {
        return "bench:" + scenario.replaceAll("[^A-Za-z0-9]+", "-") + ":" + KEYS.incrementAndGet();
    }

    /** Appends {@code count} entries with pipelined XADDs. */
    void prefill(String key, int count) {
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (int i = 0; i < count; i++) {
                pipeline.xadd(key, XAddParams.xAddParams(), entry(i));
                if ((i + 1) % PREFILL_BATCH == 0) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
        long length = client.xlen(key);
        if (length != count) {
            throw new IllegalStateException("Pre-filling " + key + " gave " + length + " entries instead of " + count);
        }
    }

    long length(String key) {
        return client.xlen(key);
    }

    /** Entries delivered to the group and not yet acknowledged. */
    long pending(String key) {
        return client.xpending(key, GROUP).getTotal();
    }

    /**
     * Waits until the group has no pending entry, polling often: the caller has seen every entry delivered, so this
     * only waits for the last acknowledgements to reach Redis.
     */
    void awaitAllAcked(String key, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long pending;
        while ((pending = pending(key)) > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(pending + " entries of " + key + " still pending after " + timeoutMillis + " ms");
            }
            Thread.sleep(1);
        }
    }

    /** The ID of the last entry added to {@code key}. */
    StreamEntryID lastEntry(String key) {
        return client.xinfoStream(key).getLastGeneratedId();
    }

    /**
     * Whether the group has been handed every entry up to {@code lastEntry} and has acknowledged all it was handed: one
     * XINFO GROUPS, cheap enough to poll without slowing the consumers down.
     */
    boolean drained(String key, StreamEntryID lastEntry) {
        return client.xinfoGroups(key).stream()
                .filter(group -> GROUP.equals(group.getName()))
                .anyMatch(group -> group.getPending() == 0 && lastEntry.equals(group.getLastDeliveredId()));
    }

    void createGroup(String key) {
        client.xgroupCreate(key, GROUP, new StreamEntryID(0, 0), true);
    }

    /**
     * UNLINK, not DEL: Redis frees the entries in the background. A DEL of the heap run's 2,000,000 entries kept Redis
     * busy longer than the socket timeout on a loaded machine and failed the run after everything was measured.
     */
    void delete(String key) {
        client.unlink(key);
    }
}
