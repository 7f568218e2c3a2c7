package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The consume baseline: the loop one would write by hand with Jedis. XREADGROUP COUNT 100, read two fields of each
 * entry (as the component's route does), then one XACK with all IDs of the batch; with several threads, each has its
 * own consumer name and connection. The stream is filled before the clock starts, so the loop reads without BLOCK and
 * a thread stops at its first empty reply: the others took the rest.
 */
final class JedisConsumeLoop implements Scenario {

    static final int BATCH = 100;

    private final BenchmarkRedis redis;
    private final StreamFixture streams;
    private final int threads;

    JedisConsumeLoop(BenchmarkRedis redis, StreamFixture streams, int threads) {
        this.redis = redis;
        this.streams = streams;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "Jedis loop on " + threads + (threads == 1 ? " thread" : " threads")
               + ": XREADGROUP COUNT 100, one XACK per batch (baseline)";
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
    public Timed run(String streamKey, int entries) throws Exception {
        streams.createGroup(streamKey);
        List<RedisClient> clients = new ArrayList<>(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Long>> readers = new ArrayList<>(threads);
            for (int t = 1; t <= threads; t++) {
                RedisClient client = redis.newClient();
                clients.add(client);
                client.ping(); // opens the connection before the clock starts
                String consumer = "jedis-" + t;
                readers.add(() -> readUntilEmpty(client, streamKey, consumer));
            }
            Timed.Start start = Timed.start();
            long read = 0;
            for (Future<Long> reader : executor.invokeAll(readers)) {
                read += reader.get();
            }
            return Timed.since(start, read);
        } finally {
            executor.shutdownNow();
            clients.forEach(RedisClient::close);
        }
    }

    private static long readUntilEmpty(RedisClient client, String streamKey, String consumer) {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(BATCH);
        Map<String, StreamEntryID> undelivered = Map.of(streamKey, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
        long read = 0;
        while (true) {
            List<Map.Entry<String, List<StreamEntry>>> reply
                    = client.xreadGroup(StreamFixture.GROUP, consumer, params, undelivered);
            if (reply == null || reply.isEmpty() || reply.get(0).getValue().isEmpty()) {
                return read;
            }
            List<StreamEntry> batch = reply.get(0).getValue();
            StreamEntryID[] ids = new StreamEntryID[batch.size()];
            for (int i = 0; i < ids.length; i++) {
                StreamEntry entry = batch.get(i);
                StreamFixture.readTwoFields(entry.getFields());
                ids[i] = entry.getID();
            }
            client.xack(streamKey, StreamFixture.GROUP, ids);
            read += ids.length;
        }
    }
}
