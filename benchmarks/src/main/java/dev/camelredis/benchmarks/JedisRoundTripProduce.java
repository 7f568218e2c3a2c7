package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * The baseline of synchronous senders: what a thread that sends one entry and waits for its ID does with plain Jedis,
 * one XADD round trip at a time. With several threads, each has a connection of its own and sends its share.
 */
final class JedisRoundTripProduce implements Scenario {

    private final BenchmarkRedis redis;
    private final int threads;

    JedisRoundTripProduce(BenchmarkRedis redis, int threads) {
        this.redis = redis;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "Jedis XADD round trips from " + threads + (threads == 1 ? " thread" : " threads, a connection each")
               + " (baseline)";
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
    public Timed run(String streamKey, int entries) throws Exception {
        List<RedisClient> clients = new ArrayList<>(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> senders = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                RedisClient client = redis.newClient();
                clients.add(client);
                client.ping(); // opens the connection before the clock starts
                int first = (int) ((long) entries * t / threads);
                int end = (int) ((long) entries * (t + 1) / threads);
                senders.add(() -> {
                    for (int i = first; i < end; i++) {
                        client.xadd(streamKey, XAddParams.xAddParams(), StreamFixture.entry(i));
                    }
                    return null;
                });
            }
            Timed.Start start = Timed.start();
            for (Future<Void> sender : executor.invokeAll(senders)) {
                sender.get();
            }
            return Timed.since(start, entries);
        } finally {
            executor.shutdownNow();
            clients.forEach(RedisClient::close);
        }
    }
}
