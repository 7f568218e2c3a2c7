package dev.camelredis.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The sizes of the scaling run, from the same system properties as {@link BenchmarkSettings} where they mean the same.
 *
 * @param entries     entries per repetition, spread evenly over the shards ({@code bench.entries})
 * @param repetitions repetitions per configuration, 5 by default: they spread more than the single-server rows, and
 *                    the median is reported ({@code bench.repetitions})
 * @param counts      the configurations: each N runs N shards read by N consumer processes
 *                    ({@code bench.scalingCounts}, e.g. {@code 1,2,4}); the first is the reference
 * @param docsDir     where benchmarks.md is; null to write nothing ({@code bench.docsDir})
 */
record ScalingSettings(int entries, int repetitions, List<Integer> counts, Path docsDir) {

    ScalingSettings {
        counts = List.copyOf(counts);
        if (counts.isEmpty() || counts.stream().anyMatch(count -> count <= 0)) {
            throw new IllegalArgumentException("bench.scalingCounts must list whole numbers greater than 0, e.g. 1,2,4");
        }
        if (entries < counts.stream().mapToInt(Integer::intValue).max().getAsInt()) {
            throw new IllegalArgumentException("bench.entries must be at least the largest of bench.scalingCounts, so that"
                                               + " every shard gets entries");
        }
    }

    static ScalingSettings from(Properties properties) {
        BenchmarkSettings base = BenchmarkSettings.from(properties);
        String counts = properties.getProperty("bench.scalingCounts");
        List<Integer> parsed = new ArrayList<>();
        for (String count : (counts == null || counts.isBlank() ? "1,2,4" : counts).split(",")) {
            try {
                parsed.add(Integer.parseInt(count.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bench.scalingCounts must list whole numbers separated by commas, e.g."
                                                   + " 1,2,4, but was " + counts, e);
            }
        }
        return new ScalingSettings(base.entries(), BenchmarkSettings.intValue(properties, "bench.repetitions", 5), parsed,
                base.docsDir());
    }

    String describe() {
        return String.format("entries=%,d x %d repetitions per configuration, shards = consumer processes = %s",
                entries, repetitions, counts);
    }
}
