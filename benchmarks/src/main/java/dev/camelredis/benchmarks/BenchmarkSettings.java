package dev.camelredis.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The sizes of one benchmark run, read from system properties so that the smoke test can run every scenario with tiny
 * numbers. A property that is missing or blank keeps its default: the Maven profile forwards every property, blank
 * unless given on the command line.
 *
 * @param entries           entries per throughput repetition ({@code bench.entries})
 * @param repetitions       repetitions per throughput row, each on a fresh stream; the median is reported
 *                          ({@code bench.repetitions})
 * @param producerThreads   sending threads of the concurrent producer row ({@code bench.producerThreads})
 * @param listSize          entries per exchange of the List-body producer row ({@code bench.listSize})
 * @param latencyRate       entries per second of the latency run ({@code bench.latencyRate})
 * @param latencyWarmup     sent at that rate before the latency run, not recorded ({@code bench.latencyWarmupSeconds})
 * @param latencyDuration   recorded part of the latency run ({@code bench.latencySeconds})
 * @param heapEntries       entries of the heap run ({@code bench.heapEntries})
 * @param docsDir           where benchmarks.md and the chart are written; null to write nothing ({@code bench.docsDir})
 * @param profile           rows whose name contains this text (any case) get one more, uncounted run under JDK Flight
 *                          Recorder, whose hottest methods are printed; null for none ({@code bench.profile})
 */
public record BenchmarkSettings(int entries, int repetitions, int producerThreads, int listSize, int latencyRate,
                                Duration latencyWarmup, Duration latencyDuration, int heapEntries, Path docsDir,
                                String profile) {

    public BenchmarkSettings {
        requirePositive("bench.entries", entries);
        requirePositive("bench.repetitions", repetitions);
        requirePositive("bench.producerThreads", producerThreads);
        requirePositive("bench.listSize", listSize);
        requirePositive("bench.latencyRate", latencyRate);
        requirePositive("bench.heapEntries", heapEntries);
        if (latencyDuration.isZero() || latencyDuration.isNegative() || latencyWarmup.isNegative()) {
            throw new IllegalArgumentException("bench.latencySeconds must be positive and bench.latencyWarmupSeconds not negative");
        }
    }

    public static BenchmarkSettings from(Properties properties) {
        String docs = blankToNull(properties.getProperty("bench.docsDir"));
        return new BenchmarkSettings(
                intValue(properties, "bench.entries", 200_000),
                intValue(properties, "bench.repetitions", 3),
                intValue(properties, "bench.producerThreads", 8),
                intValue(properties, "bench.listSize", 100),
                intValue(properties, "bench.latencyRate", 5_000),
                seconds(properties, "bench.latencyWarmupSeconds", 2),
                seconds(properties, "bench.latencySeconds", 10),
                intValue(properties, "bench.heapEntries", 2_000_000),
                docs == null ? null : Path.of(docs).toAbsolutePath().normalize(),
                blankToNull(properties.getProperty("bench.profile")));
    }

    /** Whether the row of this name gets a profiled run. */
    boolean profiles(String scenarioName) {
        return profile != null && scenarioName.toLowerCase(Locale.ROOT).contains(profile.toLowerCase(Locale.ROOT));
    }

    /** The sizes, for the report: a run with other sizes than the defaults must say so. */
    public String describe() {
        return String.format("entries=%,d x %d repetitions, producerThreads=%d, listSize=%d, latency %,d/s for %s s"
                             + " (+%s s warm-up), heap run %,d entries",
                entries, repetitions, producerThreads, listSize, latencyRate, seconds(latencyDuration),
                seconds(latencyWarmup), heapEntries);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? Long.toString(duration.toSeconds())
                : String.valueOf(duration.toMillis() / 1000.0);
    }

    static int intValue(Properties properties, String name, int defaultValue) {
        String value = blankToNull(properties.getProperty(name));
        try {
            return value == null ? defaultValue : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number but was " + value, e);
        }
    }

    private static Duration seconds(Properties properties, String name, double defaultSeconds) {
        String value = blankToNull(properties.getProperty(name));
        try {
            double seconds = value == null ? defaultSeconds : Double.parseDouble(value);
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds but was " + value, e);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0 but was " + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
