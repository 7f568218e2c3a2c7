package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One of the issue's performance targets and how this run did against it. The targets are measured and reported,
 * never asserted: a slower or busier machine must not fail a build.
 *
 * @param measured the figure that decides, with what it is compared to
 */
record Target(String name, String goal, String measured, boolean met) {

    /** Consume + ack, one or two readers, against the hand-written loop on as many threads. */
    static final double CONSUME_VS_LOOP = 0.9;
    /** JVM CPU per entry of the one-reader consumer, against the one-thread loop's: at most this. */
    static final double CONSUME_CPU_VS_LOOP = 1.5;
    static final double BATCHES_VS_LOOP = 1.0;
    /** One synchronous sender, one entry per exchange, against one thread of XADD round trips. */
    static final double ONE_SENDER_VS_ROUND_TRIPS = 0.9;
    /** Concurrent synchronous senders against as many threads of XADD round trips, a connection each. */
    static final double SENDERS_VS_ROUND_TRIPS = 1.0;
    static final double LISTS_VS_PIPELINE = 0.9;
    static final double P99_MILLIS = 1;

    /**
     * @param rows           the throughput rows in table order, compared with their baselines
     * @param cpuLimitedRow  the row whose JVM CPU per entry is held to {@link #CONSUME_CPU_VS_LOOP} x its baseline's
     */
    static List<Target> evaluate(List<ThroughputResult> rows, String cpuLimitedRow, LatencyResult latency,
                                 HeapResult heap) {
        List<Target> targets = new ArrayList<>();
        for (ThroughputResult row : rows) {
            if (Double.isNaN(row.goal())) {
                continue;
            }
            ThroughputResult baseline = find(rows, row.baseline());
            OptionalDouble ratio = row.ratioTo(baseline);
            String measured = ratio.isPresent()
                    ? String.format("%s (%,.0f vs %,.0f entries/s; JVM CPU %s vs %s per entry)", format(ratio),
                            row.median(), baseline.median(), micros(row.medianCpuMicros()),
                            micros(baseline.medianCpuMicros()))
                    : "n/a (not supported)";
            targets.add(new Target(numbered(rows, row, baseline) + row.name(), ">= " + row.goal() + " x", measured,
                    ratio.isPresent() && ratio.getAsDouble() >= row.goal()));
            if (row.name().equals(cpuLimitedRow)) {
                OptionalDouble cpu = row.cpuRatioTo(baseline);
                targets.add(new Target(numbered(rows, row, baseline) + "JVM CPU per entry of " + row.name(),
                        "<= " + CONSUME_CPU_VS_LOOP + " x",
                        String.format("%s (%s vs %s per entry)", cpu.isPresent() ? format(cpu) : "unknown",
                                micros(row.medianCpuMicros()), micros(baseline.medianCpuMicros())),
                        cpu.isPresent() && cpu.getAsDouble() <= CONSUME_CPU_VS_LOOP));
            }
        }

        double p99Millis = latency.p99() / 1e6;
        targets.add(new Target(String.format("p99 end-to-end latency at %,d entries/s", latency.targetRate()),
                "<= " + (int) P99_MILLIS + " ms",
                String.format("%.2f ms (sent at %,.0f/s)", p99Millis, latency.achievedRate()), p99Millis <= P99_MILLIS));

        targets.add(new Target(String.format("heap flat over the %,d-entry consumer run", heap.entries()),
                String.format("heap after GC grows <= %s", HeapScenario.mib(HeapResult.FLAT_TOLERANCE_BYTES)),
                String.format("%s at 25%% -> %s at 100%% (%+,.1f MiB); peak used %s",
                        HeapScenario.mib(heap.milestones().get(0).afterLastGc()),
                        HeapScenario.mib(heap.milestones().get(heap.milestones().size() - 1).afterLastGc()),
                        heap.growthAfterGc() / (1024.0 * 1024), HeapScenario.mib(heap.peakUsed())),
                heap.flat()));
        return targets;
    }

    private static ThroughputResult find(List<ThroughputResult> rows, String name) {
        return rows.stream().filter(row -> row.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No baseline row " + name));
    }

    /** "#3 vs #1: ", the rows' numbers in the throughput table. */
    private static String numbered(List<ThroughputResult> rows, ThroughputResult row, ThroughputResult baseline) {
        return "#" + (rows.indexOf(row) + 1) + " vs #" + (rows.indexOf(baseline) + 1) + ": ";
    }

    static String format(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format("%.2f x", ratio.getAsDouble()) : "n/a (not supported)";
    }

    static String micros(OptionalDouble micros) {
        return micros.isPresent() ? String.format("%.1f µs", micros.getAsDouble()) : "unknown";
    }

    String verdict() {
        return met ? "met" : "missed";
    }
}
