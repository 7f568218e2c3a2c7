package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs every benchmark of the issue in one JVM against one Redis server, prints the tables and, when a docs directory
 * is given, rewrites the results section of benchmarks.md and the ratio chart. With {@code -Dbench.suite=scaling} it
 * runs the scaling run over a local Redis Cluster instead ({@link ScalingBenchmark}).
 */
public final class BenchmarkMain {

    /** How the benchmark is run, as the report quotes it; the Maven profile "bench" binds it to this module. */
    static final String COMMAND = "mvn -q -pl benchmarks -am package -DskipTests -Pbench";
    /** The scaling run over a local Redis Cluster, reported in its own section of the same page. */
    static final String SCALING_COMMAND = COMMAND + " -Dbench.suite=scaling";
    static final String REPORT_FILE = "benchmarks.md";
    static final String CHART_FILE = "benchmark-ratios.png";

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        // the chart is drawn off-screen: no display is needed, or wanted on a build machine
        System.setProperty("java.awt.headless", "true");
        try {
            runSuite(System.getProperties(), System.out);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        // Lettuce and Camel leave idle pool threads behind for a while; the run is over
        System.exit(0);
    }

    /** Runs the suite that {@code bench.suite} names. */
    static void runSuite(Properties properties, PrintStream out) throws Exception {
        String suite = properties.getProperty("bench.suite", "").strip();
        switch (suite) {
            case "", "single-server" -> run(BenchmarkSettings.from(properties), out);
            case "scaling" -> ScalingBenchmark.run(ScalingSettings.from(properties), out);
            default -> throw new IllegalArgumentException("bench.suite must be single-server (the default) or scaling,"
                                                          + " but was " + suite);
        }
    }

    static BenchmarkResults run(BenchmarkSettings settings, PrintStream out) throws Exception {
        try (BenchmarkRedis redis = BenchmarkRedis.fromEnvironment()) {
            RunEnvironment environment = RunEnvironment.capture(redis.version(), redis.description());
            CpuAccounting cpu = CpuAccounting.start(redis.localPid());
            out.printf("Benchmark %s%n  machine: %d cores (%s), %s%n  JVM: %s, %s%n  %s%n  %s%n  component %s%n"
                       + "  sizes: %s%n%n",
                    environment.date(), environment.cores(), environment.cpu(), environment.os(), environment.jvm(),
                    environment.heapAndGc(), environment.redis(), environment.versions(),
                    environment.componentRevision(), settings.describe());

            StreamFixture streams = new StreamFixture(redis.client());
            ThroughputRunner runner = new ThroughputRunner(streams, settings, redis.localPid(), out);
            Scenario loop = new JedisConsumeLoop(redis, streams, 1);
            Scenario oneReader = new ComponentConsume(redis, streams, 1);
            Scenario batches = ComponentConsume.batches(redis, streams);
            Scenario spring = new SpringDataRedisConsume(redis, streams);
            Scenario loopOnTwoThreads = new JedisConsumeLoop(redis, streams, 2);
            Scenario twoReaders = new ComponentConsume(redis, streams, 2);
            Map<Scenario, ThroughputResult> consume = runner.measure(List.of(loop, oneReader, batches, spring,
                    loopOnTwoThreads, twoReaders));
            Scenario roundTrips = new JedisRoundTripProduce(redis, 1);
            Scenario oneSender = ComponentProduce.oneAtATime(redis, streams);
            Scenario roundTripsOnThreads = new JedisRoundTripProduce(redis, settings.producerThreads());
            Scenario senders = ComponentProduce.concurrentSenders(redis, streams, settings.producerThreads());
            Scenario pipelined = new JedisPipelinedProduce(redis);
            Scenario lists = ComponentProduce.listBodies(redis, streams, settings.listSize());
            Map<Scenario, ThroughputResult> produce = runner.measure(List.of(roundTrips, oneSender,
                    roundTripsOnThreads, senders, pipelined, lists));

            LatencyResult latency = new LatencyScenario(redis, streams, settings, out).run();
            HeapResult heap = new HeapScenario(redis, streams, settings, out).run();

            Map<Scenario, ThroughputResult> measured = new LinkedHashMap<>(consume);
            measured.putAll(produce);
            // each row against the hand-written code that does the same work, with the goal
            compare(measured, oneReader, loop, Target.CONSUME_VS_LOOP);
            compare(measured, batches, loop, Target.BATCHES_VS_LOOP);
            compare(measured, spring, loop, Double.NaN);
            compare(measured, twoReaders, loopOnTwoThreads, Target.CONSUME_VS_LOOP);
            compare(measured, oneSender, roundTrips, Target.ONE_SENDER_VS_ROUND_TRIPS);
            compare(measured, senders, roundTripsOnThreads, Target.SENDERS_VS_ROUND_TRIPS);
            compare(measured, lists, pipelined, Target.LISTS_VS_PIPELINE);
            List<ThroughputResult> throughput = new ArrayList<>(measured.values());
            List<Target> targets = Target.evaluate(throughput, oneReader.name(), latency, heap);
            BenchmarkResults results = new BenchmarkResults(environment, settings, throughput, latency, heap, targets,
                    cpu.summary());

            out.println();
            ResultsTable.of(results).forEach(table -> out.println(table.toText()));
            out.println("CPU: " + results.cpu());
            if (settings.docsDir() != null) {
                Path report = settings.docsDir().resolve(REPORT_FILE);
                MarkdownReport.write(report, results, CHART_FILE);
                RatioChart.write(settings.docsDir().resolve(CHART_FILE), results);
                out.println("Wrote " + report + " and " + settings.docsDir().resolve(CHART_FILE));
            }
            return results;
        }
    }

    private static void compare(Map<Scenario, ThroughputResult> rows, Scenario row, Scenario baseline, double goal) {
        rows.put(row, rows.get(row).comparedWith(rows.get(baseline), goal));
    }
}
