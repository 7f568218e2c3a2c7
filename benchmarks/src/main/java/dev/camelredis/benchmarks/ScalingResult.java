package dev.camelredis.benchmarks;

import java.util.List;
import java.util.Objects;

/**
 * The repetitions of one scaling configuration: {@code count} shards read by {@code count} consumer processes.
 *
 * @param primaries how many of the cluster's primaries hold the shards
 * @param rates     entries per second of each repetition, in run order
 * @param cpu       cores kept busy during each repetition; empty when the OS cannot tell
 */
record ScalingResult(int count, int primaries, List<Double> rates, List<CpuSnapshot.CoresBusy> cpu) {

    ScalingResult {
        rates = List.copyOf(rates);
        cpu = cpu.stream().filter(Objects::nonNull).toList();
    }

    double median() {
        return ThroughputResult.median(rates);
    }

    /** Median cores kept busy by the consumers and Redis together; NaN when unknown. */
    double coresBusy() {
        return cpu.isEmpty() ? Double.NaN
                : ThroughputResult.median(cpu.stream().map(busy -> busy.workers() + busy.redis()).toList());
    }
}
