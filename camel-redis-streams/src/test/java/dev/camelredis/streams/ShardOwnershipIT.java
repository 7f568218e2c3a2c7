package dev.camelredis.streams;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;

import static dev.camelredis.streams.ClusterIT.SHARDS;
import static dev.camelredis.streams.ClusterIT.shardKeys;
import static dev.camelredis.streams.RedisStreamsTestSupport.await;
import static dev.camelredis.streams.RedisStreamsTestSupport.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three consumer JVMs with shardOwnership over eight shards spread over the primaries of a Redis Cluster; one is
 * killed with SIGKILL while a producer runs. Its shards move to the others within about one lease period, nothing is
 * lost, and the entries of each partition key are processed in order throughout (a redelivery of the last entry the
 * dead one processed may repeat it, never reorder). Only what the killed JVM held pending may be processed twice.
 */
class ShardOwnershipIT extends ClusterProcessesTestSupport {

    private static final int CUSTOMERS = 40;
    private static final long LEASE_MILLIS = 3000;
    private static final String OPTIONS = "&shards=" + SHARDS + "&startId=0&shardOwnership=true&shardLeaseTime=" + LEASE_MILLIS;

    @Test
    void shardsOfAKilledConsumerMoveAndOrderPerKeyHolds() throws Exception {
        String key = uniqueKey("owned");
        String counts = key + ":counts";
        Map<Integer, List<String>> shardsByPrimary = assertShardsOnSeveralPrimaries(key);
        AtomicBoolean producing = new AtomicBoolean(true);
        Map<String, Integer> produced = new ConcurrentHashMap<>();
        try {
            Process victim = launch(key, "owner-a", counts, OPTIONS);
            launch(key, "owner-b", counts, OPTIONS);
            launch(key, "owner-c", counts, OPTIONS);
            await("every shard owned, spread over the three", Duration.ofSeconds(60),
                    () -> owners(key).size() == 3 && leasesHeld(key) == SHARDS);

            ProducerTemplate producer = startProducer();
            Thread producerThread = new Thread(() -> {
                int seq = 0;
                while (producing.get()) {
                    for (int c = 0; c < CUSTOMERS; c++) {
                        producer.sendBodyAndHeader("redis-streams:" + key + "?shards=" + SHARDS,
                                Map.of("customer", "c" + c, "seq", String.valueOf(seq)), RedisStreamsConstants.PARTITION_KEY, "c" + c);
                        produced.merge("c" + c, 1, Integer::sum);
                    }
                    seq++;
                }
            });
            producerThread.start();
            await("the run is going", Duration.ofSeconds(30), () -> redis.hlen(counts) > 2000);

            victim.destroyForcibly();
            assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            Set<String> heldByVictim = pendingOf(key, "owner-a");
            await("the victim's shards moved to the others", Duration.ofSeconds(30),
                    () -> !owners(key).contains("owner-a") && leasesHeld(key) == SHARDS);
            long movedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            Thread.sleep(2000);
            producing.set(false);
            producerThread.join(30_000);

            int total = produced.values().stream().mapToInt(Integer::intValue).sum();
            await("everything processed and acked", Duration.ofSeconds(60),
                    () -> redis.hlen(counts) == total && totalPending(key) == 0);
            for (int c = 0; c < CUSTOMERS; c++) {
                List<String> seen = redis.lrange(counts + ":seq:c" + c, 0, -1);
                int last = -1;
                for (String seq : seen) {
                    int value = Integer.parseInt(seq);
                    assertTrue(value >= last, "order of c" + c + " broke at " + value + " after " + last + ": " + seen);
                    last = value;
                }
                assertEquals(produced.get("c" + c).intValue(), new HashSet<>(seen).size(), "every entry of c" + c);
            }
            ConsumerCrashIT.assertDuplicatesOnlyOfTheKilled(redis.hgetAll(counts), heldByVictim);
            System.out.printf("shard ownership: %d entries over %d shards on primaries %s, shards moved %d ms after the"
                              + " kill (lease %d ms), owners now %s%n",
                    total, SHARDS, shardsByPrimary, movedMillis, LEASE_MILLIS, owners(key));
            assertTrue(movedMillis < LEASE_MILLIS * 3, "moved within about one lease period: " + movedMillis + " ms");
        } finally {
            producing.set(false);
        }
    }

    /** The consumer names holding leases: a lease holds the name and an id of the consumer instance, name#id. */
    private Set<String> owners(String key) {
        Set<String> owners = new HashSet<>();
        for (String shard : shardKeys(key)) {
            String owner = redis.get(shard + ":lease:g");
            if (owner != null) {
                owners.add(owner.substring(0, owner.lastIndexOf('#')));
            }
        }
        return owners;
    }

    /** The entries a consumer holds pending over all shards, named as {@link ConsumerProcess#entryOf} names them. */
    private Set<String> pendingOf(String key, String consumer) {
        Set<String> held = new HashSet<>();
        for (String shard : shardKeys(key)) {
            redis.xpending(shard, "g", XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                    .end(StreamEntryID.MAXIMUM_ID).count(100_000).consumer(consumer))
                    .forEach(p -> held.add(shard + "/" + p.getID()));
        }
        return held;
    }

    private long leasesHeld(String key) {
        long held = 0;
        for (String shard : shardKeys(key)) {
            held += redis.exists(shard + ":lease:g") ? 1 : 0;
        }
        return held;
    }
}
