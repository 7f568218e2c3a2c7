package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One of the performance targets and how this run did against it. The targets are measured and reported,
 * never asserted: a slower machine must not fail a build.
 *
 * @param measured the figure that decides, with what it is compared to
 */
record Target(String name, String goal, String measured, boolean met) {

    static final double CONSUME_VS_LOOP = 0.85;
    static final double BATCHES_VS_LOOP = 1.0;
    static final double CONSUME_VS_SPRING = 1.5;
    static final double PRODUCE_VS_PIPELINE = 0.8;
    static final double P99_MILLIS = 5;

    /** The rows the targets are about, named so that evaluating them needs no lookup by label. */
    record Rows(ThroughputResult jedisConsume, ThroughputResult componentConsume, ThroughputResult batchConsume,
                ThroughputResult springConsume, ThroughputResult jedisProduce, ThroughputResult concurrentProduce, ThroughputResult listProduce) {
    }

    static List<Target> evaluate(Rows rows, LatencyResult latency, HeapResult heap) {
        List<Target> targets = new ArrayList<>();
        targets.add(ratioTarget("component consume + ack (1 reader) vs the hand-written Jedis loop", CONSUME_VS_LOOP,
                rows.componentConsume(), rows.jedisConsume()));
        targets.add(ratioTarget("component consume + ack, batching=true (1 reader) vs the hand-written Jedis loop",
                BATCHES_VS_LOOP, rows.batchConsume(), rows.jedisConsume()));
        targets.add(ratioTarget("component consume + ack (1 reader) vs Spring Data Redis' container", CONSUME_VS_SPRING,
                rows.componentConsume(), rows.springConsume()));

        OptionalDouble concurrent = rows.concurrentProduce().ratioTo(rows.jedisProduce());
        OptionalDouble lists = rows.listProduce().ratioTo(rows.jedisProduce());
        double best = Math.max(concurrent.orElse(0), lists.orElse(0));
        targets.add(new Target("component producer (concurrent senders or List bodies) vs pipelined XADD",
                ">= " + PRODUCE_VS_PIPELINE + " x",
                "concurrent senders " + format(concurrent) + ", List bodies " + format(lists), best >= PRODUCE_VS_PIPELINE));

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

    private static Target ratioTarget(String name, double goal, ThroughputResult row, ThroughputResult baseline) {
        OptionalDouble ratio = row.ratioTo(baseline);
        String measured = ratio.isPresent()
                ? String.format("%s (%,.0f vs %,.0f entries/s)", format(ratio), row.median(), baseline.median())
                : "n/a";
        return new Target(name, ">= " + goal + " x", measured, ratio.isPresent() && ratio.getAsDouble() >= goal);
    }

    static String format(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format("%.2f x", ratio.getAsDouble()) : "n/a (not supported)";
    }

    String verdict() {
        return met ? "met" : "missed";
    }
}
