package dev.camelredis.benchmarks;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything one run measured, as the table, the report and the chart show it.
 *
 * @param throughput the throughput rows in table order, one reference per section
 * @param cpu        how the machine's CPU time was shared during the run
 */
record BenchmarkResults(RunEnvironment environment, BenchmarkSettings settings, List<ThroughputResult> throughput,
                        LatencyResult latency, HeapResult heap, List<Target> targets, String cpu) {

    BenchmarkResults {
        throughput = List.copyOf(throughput);
        targets = List.copyOf(targets);
    }

    /** The row's median over the median of its section's hand-written reference, measured in the same run. */
    OptionalDouble ratioToReference(ThroughputResult row) {
        return throughput.stream()
                .filter(candidate -> candidate.reference() && candidate.section() == row.section())
                .findFirst()
                .map(row::ratioTo)
                .orElse(OptionalDouble.empty());
    }
}
