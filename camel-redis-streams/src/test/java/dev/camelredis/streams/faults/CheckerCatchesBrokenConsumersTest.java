package dev.camelredis.streams.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsTestSupport;
import dev.camelredis.streams.faults.History.Attempt;
import dev.camelredis.streams.faults.History.Outcome;
import dev.camelredis.streams.faults.Verdict.Invariant;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker can fail: consumers broken on purpose, against a real Redis, each break one promise, and the checker
 * names it; the same consumers done right pass. The broken ones are written by hand with Jedis (and one is the
 * component with ackMode=NONE, which acknowledges at read), so that each breaks exactly one thing, deterministically.
 */
class CheckerCatchesBrokenConsumersTest extends RedisStreamsTestSupport {

    private static final String GROUP = "g";
    private static final int ENTRIES = 5;

    private final List<Attempt> attempts = new ArrayList<>();
    private final List<History.Add> adds = new ArrayList<>();

    /** Adds the entries, all with partition key k and seq = their number, and records the adds. */
    private List<StreamEntryID> add(String key) {
        adds.clear();
        attempts.clear();
        redis.xgroupCreate(key, GROUP, StreamEntryID.XGROUP_LAST_ENTRY, true);
        List<StreamEntryID> ids = new ArrayList<>();
        for (int n = 0; n < ENTRIES; n++) {
            long sentAt = System.currentTimeMillis();
            StreamEntryID id = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("n", String.valueOf(n)));
            adds.add(new History.Add(n, key + "/" + id, "k", n, sentAt, System.currentTimeMillis()));
            ids.add(id);
        }
        return ids;
    }

    /** Reads new entries for a consumer, as XREADGROUP ... > does. */
    private List<StreamEntry> readNew(String key, String consumer) {
        return redis.xreadGroup(GROUP, consumer, XReadGroupParams.xReadGroupParams().count(ENTRIES),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue();
    }

    /**
     * The route of the hand-written consumers: journaled, then it returns; it never fails. It takes a few
     * milliseconds, as any real work does: the history's clock counts milliseconds.
     */
    private void route(String instance, String key, StreamEntry entry, long deliveryCount, Runnable work) {
        long start = System.currentTimeMillis();
        work.run();
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        attempts.add(new Attempt(instance, "jvm-" + instance, key + "/" + entry.getID(), "k",
                Long.parseLong(entry.getFields().get("n")), deliveryCount, start, System.currentTimeMillis(),
                Outcome.SUCCEEDED));
    }

    private Verdict check(String key, PendingSampler sampler, boolean ownership) {
        Set<String> pending = new HashSet<>();
        redis.xpending(key, GROUP, XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                .end(StreamEntryID.MAXIMUM_ID).count(100)).forEach(p -> pending.add(key + "/" + p.getID()));
        Set<String> present = new HashSet<>();
        redis.xrange(key, "-", "+").forEach(e -> present.add(key + "/" + e.getID()));
        return HistoryChecker.check(new History(new History.Settings(ownership, 0), adds, attempts,
                sampler == null ? List.of() : sampler.samples(), List.of(), List.of(), pending, present));
    }

    @Test
    void anAckSentBeforeTheRouteFinishedIsCaught() {
        String key = uniqueKey("ack-first");
        add(key);
        PendingSampler sampler = new PendingSampler(redis, List.of(key), GROUP);
        List<StreamEntry> read = readNew(key, "broken");
        redis.xack(key, GROUP, read.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
        sampler.sample();
        route("broken", key, read.get(0), 1, () -> { });
        route("broken", key, read.get(1), 1, () -> { });
        // and then the JVM dies: three entries acked, never processed

        Verdict verdict = check(key, sampler, false);

        assertEquals(ENTRIES, verdict.of(Invariant.ACK_AFTER_DONE).size(), verdict.report());
        assertEquals(3, verdict.of(Invariant.NOTHING_PINNED_OR_LOST).size(), verdict.report());
    }

    @Test
    void ackModeNoneIsCaughtAcknowledgingAtRead() throws Exception {
        String key = uniqueKey("ack-none");
        add(key);
        PendingSampler sampler = new PendingSampler(redis, List.of(key), GROUP);
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=" + GROUP + "&consumerName=none&startId=0&ackMode=NONE"
                     + "&maxMessagesPerPoll=" + ENTRIES).process(e -> {
                            String id = e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                            StreamEntry entry = new StreamEntry(new StreamEntryID(id),
                                    Map.of("n", String.valueOf(e.getMessage().getBody(Map.class).get("n"))));
                            // the first exchange samples the group: all five are read, none is done
                            route("none", key, entry, 1, attempts.isEmpty() ? sampler::sample : () -> { });
                        });
            }
        });
        await("all processed", java.time.Duration.ofSeconds(10), () -> attempts.size() == ENTRIES);

        Verdict verdict = check(key, sampler, false);

        assertEquals(ENTRIES, verdict.of(Invariant.ACK_AFTER_DONE).size(), verdict.report());
        assertEquals(ENTRIES, verdict.violations().size(), verdict.report());
    }

    /**
     * A consumer that routed its entries and queued their acks, then lost its connection: its walk of its own pending
     * entries (XREADGROUP ... 0) finds them still pending. Broken, it routes them again; done right, it knows them
     * finished and only acks them.
     */
    private Verdict reconnectWalk(boolean checkInFlight) {
        String key = uniqueKey(checkInFlight ? "walk-right" : "walk-broken");
        add(key);
        PendingSampler sampler = new PendingSampler(redis, List.of(key), GROUP);
        List<StreamEntry> read = readNew(key, "walker");
        Set<StreamEntryID> finished = new HashSet<>();
        for (StreamEntry entry : read) {
            route("walker", key, entry, 1, () -> finished.add(entry.getID()));
        }
        sampler.sample();
        List<StreamEntry> walk = redis.xreadGroup(GROUP, "walker", XReadGroupParams.xReadGroupParams().count(100),
                Map.of(key, new StreamEntryID())).get(0).getValue();
        assertEquals(ENTRIES, walk.size(), "the acks never left: every entry is still pending");
        for (StreamEntry entry : walk) {
            if (!checkInFlight || !finished.contains(entry.getID())) {
                route("walker", key, entry, 2, () -> { });
            }
        }
        redis.xack(key, GROUP, read.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
        sampler.sample();
        return check(key, sampler, false);
    }

    @Test
    void aSkippedInFlightCheckIsCaughtAsRedeliveryWithoutACrash() {
        Verdict broken = reconnectWalk(false);
        assertEquals(ENTRIES, broken.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), broken.report());
        assertEquals(Map.of("with no fault in between", (long) ENTRIES), broken.duplicatesByCause());

        Verdict right = reconnectWalk(true);
        assertTrue(right.holds(), right.report());
    }

    /**
     * Two owners of one shard under a lease: A reads, starts on its first entry, releases its lease, finishes.
     * Released early (before A's entries are done), B takes the lease and A's pending entries and processes them while
     * A still works; released after A acked, B finds nothing of A's.
     */
    private Verdict leaseHandOver(boolean releaseEarly) {
        String key = uniqueKey(releaseEarly ? "lease-early" : "lease-right");
        add(key);
        String lease = key + ":lease:" + GROUP;
        PendingSampler sampler = new PendingSampler(redis, List.of(key), GROUP);
        assertEquals("OK", redis.set(lease, "A", SetParams.setParams().nx().px(10_000)));
        List<StreamEntry> read = readNew(key, "A");
        route("A", key, read.get(0), 1, () -> {
            if (releaseEarly) {
                redis.del(lease);
                takeOver(key, lease);
            }
        });
        for (StreamEntry entry : read.subList(1, read.size())) {
            route("A", key, entry, 1, () -> { });
        }
        redis.xack(key, GROUP, read.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
        if (!releaseEarly) {
            redis.del(lease);
            takeOver(key, lease);
        }
        sampler.sample();
        return check(key, sampler, true);
    }

    /** B takes the free lease, claims every pending entry of the shard and processes it. */
    private void takeOver(String key, String lease) {
        assertEquals("OK", redis.set(lease, "B", SetParams.setParams().nx().px(10_000)));
        List<StreamEntry> claimed = redis.xautoclaim(key, GROUP, "B", 0, new StreamEntryID(),
                XAutoClaimParams.xAutoClaimParams().count(100)).getValue();
        for (StreamEntry entry : claimed) {
            route("B", key, entry, 2, () -> { });
        }
        if (!claimed.isEmpty()) {
            redis.xack(key, GROUP, claimed.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
        }
    }

    @Test
    void aLeaseReleasedEarlyIsCaughtAsTwoOwnersAtOnce() {
        Verdict broken = leaseHandOver(true);
        // which of the two owners is seen first on an entry depends on the threads' timing; that they overlap does not
        assertEquals(ENTRIES, broken.of(Invariant.ONE_OWNER_IN_ORDER).stream()
                .filter(v -> v.what().contains("was still processing")).count(), broken.report());
        assertEquals(ENTRIES, broken.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), broken.report());

        Verdict right = leaseHandOver(false);
        assertTrue(right.holds(), right.report());
    }
}
