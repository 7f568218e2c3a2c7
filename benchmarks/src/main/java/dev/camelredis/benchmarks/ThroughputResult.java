package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The repetitions of one throughput row, or why it could not run, and the hand-written row it is compared with.
 *
 * @param rates       entries per second of each repetition, in run order; empty when unsupported
 * @param cpuMicros   CPU time of the benchmark JVM per entry during each repetition, in µs; empty when the JVM cannot
 *                    tell
 * @param otherCpu    percent of the machine's CPU that other processes took during each repetition; empty when the OS
 *                    cannot tell
 * @param unsupported why the scenario cannot run against this component; null when it ran
 * @param baseline    the name of the row this one is compared with, measured in the same run; null for a baseline
 * @param goal        the ratio to the baseline the issue asks for; NaN when the row is there for scale only
 */
record ThroughputResult(Scenario.Section section, Scenario.Subject subject, String name, List<Double> rates,
                        List<Double> cpuMicros, List<Double> otherCpu, String unsupported, String baseline,
                        double goal) {

    ThroughputResult {
        rates = List.copyOf(rates);
        cpuMicros = List.copyOf(cpuMicros);
        otherCpu = List.copyOf(otherCpu);
    }

    static ThroughputResult measured(Scenario scenario, List<Double> rates, List<Double> cpuMicros,
                                     List<Double> otherCpu) {
        return new ThroughputResult(scenario.section(), scenario.subject(), scenario.name(), rates, cpuMicros,
                otherCpu, null, null, Double.NaN);
    }

    static ThroughputResult unsupported(Scenario scenario, String reason) {
        return new ThroughputResult(scenario.section(), scenario.subject(), scenario.name(), List.of(), List.of(),
                List.of(), reason, null, Double.NaN);
    }

    /** This row, compared with {@code other} and held to {@code goal} (NaN: for scale only). */
    ThroughputResult comparedWith(ThroughputResult other, double goal) {
        return new ThroughputResult(section, subject, name, rates, cpuMicros, otherCpu, unsupported, other.name(),
                goal);
    }

    /** Whether this row is a hand-written baseline. */
    boolean baselineRow() {
        return subject == Scenario.Subject.HAND_WRITTEN;
    }

    boolean supported() {
        return unsupported == null;
    }

    /** The median of the repetitions: one disturbed repetition (a GC, the OS) does not move it. */
    double median() {
        if (rates.isEmpty()) {
            throw new IllegalStateException(name + " did not run: " + unsupported);
        }
        return median(rates);
    }

    /** The median CPU per entry in µs; empty when the row did not run or the JVM cannot tell. */
    OptionalDouble medianCpuMicros() {
        return cpuMicros.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(cpuMicros));
    }

    /** The median of a non-empty list. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** This row's median over another's; empty when either did not run. */
    OptionalDouble ratioTo(ThroughputResult other) {
        return supported() && other.supported() ? OptionalDouble.of(median() / other.median()) : OptionalDouble.empty();
    }

    /** This row's median CPU per entry over another's; empty when either is unknown. */
    OptionalDouble cpuRatioTo(ThroughputResult other) {
        OptionalDouble mine = medianCpuMicros();
        OptionalDouble theirs = other.medianCpuMicros();
        return mine.isPresent() && theirs.isPresent() && theirs.getAsDouble() > 0
                ? OptionalDouble.of(mine.getAsDouble() / theirs.getAsDouble()) : OptionalDouble.empty();
    }
}
