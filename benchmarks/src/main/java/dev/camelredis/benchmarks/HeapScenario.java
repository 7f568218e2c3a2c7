package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * A long run of the component's consumer (one reader, no-op route) over a pre-filled stream, watching the heap: a
 * consumer that keeps anything per entry (IDs, exchanges, queued acks) shows it as a heap that grows with progress.
 */
final class HeapScenario {

    private static final int[] PERCENTS = {25, 50, 75, 100};
    private static final String ROUTE_ID = "heap";

    private final BenchmarkRedis redis;
    private final StreamFixture streams;
    private final BenchmarkSettings settings;
    private final PrintStream out;

    HeapScenario(BenchmarkRedis redis, StreamFixture streams, BenchmarkSettings settings, PrintStream out) {
        this.redis = redis;
        this.streams = streams;
        this.settings = settings;
        this.out = out;
    }

    HeapResult run() throws Exception {
        int entries = settings.heapEntries();
        String key = StreamFixture.freshKey("heap");
        try (HeapMonitor monitor = new HeapMonitor()) {
            out.printf("heap run: pre-filling %,d entries%n", entries);
            streams.prefill(key, entries);
            List<HeapResult.Milestone> milestones = new CopyOnWriteArrayList<>();
            DeliveryCounter delivered = new DeliveryCounter(entries, count -> {
                for (int percent : PERCENTS) {
                    if (count == Math.max(1, (long) entries * percent / 100)) {
                        milestones.add(new HeapResult.Milestone(percent, monitor.used(), monitor.afterLastGc()));
                    }
                }
            });
            try (CamelContext context = BenchmarkCamel.newContext(redis.uri())) {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(ComponentConsume.uri(key, 1)).routeId(ROUTE_ID).autoStartup(false)
                                .process(exchange -> delivered.increment());
                    }
                });
                context.start();
                monitor.start();
                long liveAtStart = monitor.afterLastGc();
                Timed.Start start = Timed.start();
                context.getRouteController().startRoute(ROUTE_ID);
                delivered.awaitAll("heap run");
                streams.awaitAllAcked(key, 30_000);
                Timed timed = Timed.since(start, delivered.count());
                HeapResult result = new HeapResult(entries, timed.perSecond(), liveAtStart, monitor.peakUsed(),
                        List.copyOf(milestones), monitor.maxHeap());
                out.printf("heap run: %,d entries at %,.0f entries/s, peak used %s, after GC %s at 25%% -> %s at 100%%%n",
                        entries, timed.perSecond(), mib(result.peakUsed()), mib(milestones.get(0).afterLastGc()),
                        mib(milestones.get(milestones.size() - 1).afterLastGc()));
                return result;
            }
        } finally {
            streams.delete(key);
        }
    }

    static String mib(long bytes) {
        return String.format("%,.0f MiB", bytes / (1024.0 * 1024));
    }
}
