package dev.camelredis.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one run measured, as the table, the report and the chart show it.
 *
 * @param throughput the throughput rows in table order; each row but the baselines names its baseline
 * @param cpu        how the machine's CPU time was shared during the run
 */
record BenchmarkResults(RunEnvironment environment, BenchmarkSettings settings, List<ThroughputResult> throughput,
                        LatencyResult latency, HeapResult heap, List<Target> targets, String cpu) {

    BenchmarkResults {
        throughput = List.copyOf(throughput);
        targets = List.copyOf(targets);
    }

    /** The row a row is compared with; empty for a baseline. */
    Optional<ThroughputResult> baselineOf(ThroughputResult row) {
        return throughput.stream().filter(candidate -> candidate.name().equals(row.baseline())).findFirst();
    }

    /** The row's median over the median of its hand-written baseline, measured in the same run; 1 for a baseline. */
    OptionalDouble ratioToBaseline(ThroughputResult row) {
        if (row.baseline() == null) {
            return row.supported() ? OptionalDouble.of(1) : OptionalDouble.empty();
        }
        return baselineOf(row).map(row::ratioTo).orElse(OptionalDouble.empty());
    }

    /** The table's number of a row, from 1, so that rows can name their baseline briefly. */
    int rowNumber(String name) {
        for (int i = 0; i < throughput.size(); i++) {
            if (throughput.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("No row " + name);
    }
}
