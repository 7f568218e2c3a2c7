package dev.camelredis.benchmarks;

import java.util.List;
import java.util.Map;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The consume reference: the loop one would write by hand with Jedis. XREADGROUP COUNT 100, then one XACK with all IDs
 * of the batch. It does nothing with the entries, like the component's no-op route, but gets them decoded to Strings,
 * as the component does.
 */
final class JedisConsumeLoop implements Scenario {

    static final int BATCH = 100;
    private static final int BLOCK_MILLIS = 1_000;

    private final BenchmarkRedis redis;
    private final StreamFixture streams;

    JedisConsumeLoop(BenchmarkRedis redis, StreamFixture streams) {
        this.redis = redis;
        this.streams = streams;
    }

    @Override
    public String name() {
        return "Jedis loop: XREADGROUP COUNT 100, one XACK per batch (reference)";
    }

    @Override
    public Section section() {
        return Section.CONSUME;
    }

    @Override
    public Subject subject() {
        return Subject.HAND_WRITTEN;
    }

    @Override
    public Timed run(String streamKey, int entries) {
        streams.createGroup(streamKey);
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(BATCH).block(BLOCK_MILLIS);
        Map<String, StreamEntryID> undelivered = Map.of(streamKey, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
        try (RedisClient client = redis.newClient()) {
            client.ping(); // opens the connection before the clock starts
            long start = System.nanoTime();
            long read = 0;
            while (read < entries) {
                List<Map.Entry<String, List<StreamEntry>>> reply
                        = client.xreadGroup(StreamFixture.GROUP, "jedis-1", params, undelivered);
                if (reply == null || reply.isEmpty()) {
                    throw new IllegalStateException("Stream " + streamKey + " ran dry after " + read + " of " + entries);
                }
                List<StreamEntry> batch = reply.get(0).getValue();
                StreamEntryID[] ids = new StreamEntryID[batch.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = batch.get(i).getID();
                }
                client.xack(streamKey, StreamFixture.GROUP, ids);
                read += ids.length;
            }
            return Timed.since(start, read);
        }
    }
}
