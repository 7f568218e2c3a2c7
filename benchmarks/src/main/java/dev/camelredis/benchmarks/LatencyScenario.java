package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * End-to-end latency at a fixed rate: a producer thread XADDs entries on a fixed schedule, each carrying
 * System.nanoTime() of its send in the first field; the component's route (one consumer) records now minus that. The
 * producer and the route share the JVM, so both clocks are the same.
 */
final class LatencyScenario {

    /** Latencies above a minute are off the scale: the run would have failed long before. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final BenchmarkRedis redis;
    private final StreamFixture streams;
    private final BenchmarkSettings settings;
    private final PrintStream out;

    LatencyScenario(BenchmarkRedis redis, StreamFixture streams, BenchmarkSettings settings, PrintStream out) {
        this.redis = redis;
        this.streams = streams;
        this.settings = settings;
        this.out = out;
    }

    LatencyResult run() throws Exception {
        int rate = settings.latencyRate();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        int warmupEntries = (int) (rate * settings.latencyWarmup().toMillis() / 1000);
        int recordedEntries = (int) Math.max(1, rate * settings.latencyDuration().toMillis() / 1000);
        int total = warmupEntries + recordedEntries;

        Histogram histogram = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        // entries sent before this instant are warm-up: not recorded
        AtomicLong recordFrom = new AtomicLong(Long.MAX_VALUE);
        DeliveryCounter delivered = new DeliveryCounter(total);
        String key = StreamFixture.freshKey("latency");
        try (CamelContext context = BenchmarkCamel.newContext(redis.uri());
             RedisClient producer = redis.newClient()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(ComponentConsume.uri(key, 1)).process(exchange -> {
                        long now = System.nanoTime();
                        long sent = Long.parseLong((String) exchange.getMessage().getBody(Map.class).get("seq"));
                        if (sent >= recordFrom.get()) {
                            histogram.recordValue(Math.min(now - sent, HIGHEST_NANOS));
                        }
                        delivered.increment();
                    });
                }
            });
            context.start();
            producer.ping(); // opens the connection before the schedule starts
            CpuAccounting cpu = CpuAccounting.start(redis.localPid());

            long start = System.nanoTime();
            long sent = start;
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                sent = System.nanoTime();
                if (i == warmupEntries) {
                    // set by the only sending thread: exactly the entries from this one on are recorded
                    recordFrom.set(sent);
                }
                producer.xadd(key, XAddParams.xAddParams(), StreamFixture.entry(sent));
            }
            // n entries span n - 1 periods
            double achievedRate = recordedEntries == 1 ? rate : (recordedEntries - 1) * 1e9 / (sent - recordFrom.get());
            delivered.awaitAll("latency run");
            CpuAccounting.Shares shares = cpu.shares();
            LatencyResult result = new LatencyResult(rate, achievedRate, histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                    histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                    shares == null ? Double.NaN : shares.others());
            out.printf("latency at %,d/s (sent %,.0f/s): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms over %,d"
                       + " entries, other processes took %.0f%% of the CPU%n",
                    rate, achievedRate, result.p50() / 1e6, result.p99() / 1e6, result.p999() / 1e6, result.max() / 1e6,
                    result.recorded(), result.otherCpu());
            return result;
        } finally {
            streams.delete(key);
        }
    }
}
