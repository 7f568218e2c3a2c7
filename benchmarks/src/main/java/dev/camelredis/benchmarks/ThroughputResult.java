package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The repetitions of one throughput row, or why it could not run.
 *
 * @param rates       entries per second of each repetition, in run order; empty when unsupported
 * @param otherCpu    percent of the machine's CPU that other processes took during each repetition; empty when the OS
 *                    cannot tell
 * @param unsupported why the scenario cannot run against this component; null when it ran
 */
record ThroughputResult(Scenario.Section section, Scenario.Subject subject, String name, List<Double> rates,
                        List<Double> otherCpu, String unsupported) {

    ThroughputResult {
        rates = List.copyOf(rates);
        otherCpu = List.copyOf(otherCpu);
    }

    static ThroughputResult measured(Scenario scenario, List<Double> rates, List<Double> otherCpu) {
        return new ThroughputResult(scenario.section(), scenario.subject(), scenario.name(), rates, otherCpu, null);
    }

    static ThroughputResult unsupported(Scenario scenario, String reason) {
        return new ThroughputResult(scenario.section(), scenario.subject(), scenario.name(), List.of(), List.of(),
                reason);
    }

    /** Whether this row is the hand-written reference of its section. */
    boolean reference() {
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
}
