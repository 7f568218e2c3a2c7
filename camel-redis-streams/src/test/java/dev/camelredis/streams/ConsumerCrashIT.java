package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer JVM is killed with SIGKILL in the middle of a run; another consumer of the group claims what it held.
 * Only what the killed JVM held pending may be processed twice.
 */
class ConsumerCrashIT extends RedisStreamsTestSupport {

    private static final int ENTRIES = 10_000;
    private static final String OPTIONS = "&startId=0&maxMessagesPerPoll=50&claimMinIdleTime=2000&claimInterval=500";

    @Test
    void entriesHeldByAKilledConsumerAreReclaimedAndNothingIsLost() throws Exception {
        String key = uniqueKey("crash");
        String counts = key + ":counts";
        addEntries(key, ENTRIES);

        Process victim = ConsumerProcess.launch("redisUri=" + server().redisUri(), key, "victim", counts, OPTIONS);
        startContext(ConsumerProcess.countingRoute(key, "g", "survivor", OPTIONS, redis, counts));

        await("the victim is busy", Duration.ofSeconds(30), () -> processedBy(counts) >= ENTRIES / 4
                && !pendingOf(key, "victim").isEmpty());
        victim.destroyForcibly();
        assertTrue(victim.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        Set<String> heldByVictim = pendingOf(key, "victim");
        long processedAtKill = processedBy(counts);

        await("every entry processed and acked", Duration.ofSeconds(120),
                () -> redis.hlen(counts) == ENTRIES && pendingCount(key, "g") == 0);
        long processings = redis.hvals(counts).stream().mapToLong(Long::parseLong).sum();
        long duplicates = processings - ENTRIES;
        System.out.printf("consumer crash: produced %d, processed %d times (%d duplicates), processed at kill %d,"
                          + " held by the killed consumer %d, pending at the end %d%n",
                ENTRIES, processings, duplicates, processedAtKill, heldByVictim.size(), pendingCount(key, "g"));
        assertEquals(ENTRIES, redis.hlen(counts), "every entry processed at least once");
        assertEquals(0, pendingCount(key, "g"));
        assertDuplicatesOnlyOfTheKilled(redis.hgetAll(counts), heldByVictim);
    }

    /**
     * The exact duplicate bound where one consumer JVM died: an entry may come twice only if the dead JVM held it
     * pending (it was reading, processing or acking it), and then at most twice; every other entry exactly once.
     */
    static void assertDuplicatesOnlyOfTheKilled(Map<String, String> countsByEntry, Set<String> held) {
        countsByEntry.forEach((entry, count) -> {
            if (held.contains(entry)) {
                assertTrue(Long.parseLong(count) <= 2, "held by the killed JVM, processed at most twice: " + entry + " " + count);
            } else {
                assertEquals("1", count, "not held by the killed JVM, processed exactly once: " + entry);
            }
        });
    }

    private long processedBy(String counts) {
        return redis.hlen(counts);
    }

    /** The entries the consumer holds pending, named as {@link ConsumerProcess#entryOf} names them. */
    private Set<String> pendingOf(String key, String consumer) {
        return redis.xpending(key, "g", XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                .end(StreamEntryID.MAXIMUM_ID).count(ENTRIES).consumer(consumer))
                .stream().map(p -> key + "/" + p.getID()).collect(Collectors.toSet());
    }
}
