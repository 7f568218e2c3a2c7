package dev.camelredis.benchmarks;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * The baseline of List bodies: XADD through a Jedis pipeline from one thread, waiting for the replies every 100
 * entries, the fastest simple way to append with Jedis.
 */
final class JedisPipelinedProduce implements Scenario {

    private static final int PER_SYNC = 100;

    private final BenchmarkRedis redis;

    JedisPipelinedProduce(BenchmarkRedis redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "Jedis pipelined XADD from 1 thread, 100 per sync (baseline)";
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
            Timed.Start start = Timed.start();
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
