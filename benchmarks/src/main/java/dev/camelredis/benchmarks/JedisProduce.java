package dev.camelredis.benchmarks;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * The produce references, hand-written with Jedis from one thread: XADD through a pipeline, waiting for the replies
 * every 100 entries (the fastest simple way to append), or one plain XADD per round trip (what a route that sends one
 * entry per exchange and waits would do by hand).
 */
final class JedisProduce implements Scenario {

    private static final int PER_SYNC = 100;

    private final BenchmarkRedis redis;
    private final boolean pipelined;

    private JedisProduce(BenchmarkRedis redis, boolean pipelined) {
        this.redis = redis;
        this.pipelined = pipelined;
    }

    static JedisProduce pipelined(BenchmarkRedis redis) {
        return new JedisProduce(redis, true);
    }

    static JedisProduce roundTrips(BenchmarkRedis redis) {
        return new JedisProduce(redis, false);
    }

    @Override
    public String name() {
        return pipelined ? "Jedis pipelined XADD, 100 per sync (reference)"
                : "Jedis XADD, one round trip each, 1 thread (reference)";
    }

    @Override
    public Section section() {
        return Section.PRODUCE;
    }

    @Override
    public Subject subject() {
        return Subject.HAND_WRITTEN;
    }

    @Override
    public Timed run(String streamKey, int entries) {
        try (RedisClient client = redis.newClient()) {
            client.ping(); // opens the connection before the clock starts
            long start = System.nanoTime();
            if (!pipelined) {
                for (int i = 0; i < entries; i++) {
                    client.xadd(streamKey, XAddParams.xAddParams(), StreamFixture.entry(i));
                }
                return Timed.since(start, entries);
            }
            try (AbstractPipeline pipeline = client.pipelined()) {
                for (int i = 0; i < entries; i++) {
                    pipeline.xadd(streamKey, XAddParams.xAddParams(), StreamFixture.entry(i));
                    if ((i + 1) % PER_SYNC == 0) {
                        pipeline.sync();
                    }
                }
                pipeline.sync();
            }
            return Timed.since(start, entries);
        }
    }
}
