package dev.camelredis.streams.faults;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checker's judgement of a history: the violations of each invariant, and the figures of the run.
 *
 * @param violations          every violation found, in the order found
 * @param figures             counts of the run (entries, attempts, dead letters...)
 * @param faultsByKind        how many faults of each kind were injected
 * @param duplicatesByCause   entries handed to a route again after an attempt that had not failed, by cause; the
 *                            allowed causes are prefixed {@code allowed:}
 * @param longestRecoveryMillis the longest time, over all faults, from a fault's end until every entry added before
 *                            it was finished; -1 when some never were
 * @param recoveryByKind      the same, per fault kind
 */
record Verdict(List<Violation> violations, Map<String, Long> figures, Map<History.FaultKind, Long> faultsByKind,
                      Map<String, Long> duplicatesByCause, long longestRecoveryMillis,
                      Map<History.FaultKind, Long> recoveryByKind) {

    enum Invariant {
        /** I1: acked only after the exchange succeeded, after dead-lettering, or because the entry was deleted. */
        ACK_AFTER_DONE,
        /** I2: every entry eventually finished or dead-lettered; no exchange left hanging; nothing lost. */
        NOTHING_PINNED_OR_LOST,
        /** I3: no entry routed again after an attempt that did not fail, unless its JVM died holding it. */
        NO_REDELIVERY_WITHOUT_CRASH,
        /** I4: delivery counts and dead-lettering count the hand-overs to a route. */
        HONEST_COUNTS,
        /** I5: under shardOwnership, one instance per shard at a time, and per key in order. */
        ONE_OWNER_IN_ORDER
    }

    record Violation(Invariant invariant, String entry, String what) {

        @Override
        public String toString() {
            return invariant + " " + entry + ": " + what;
        }
    }

    boolean holds() {
        return violations.isEmpty();
    }

    List<Violation> of(Invariant invariant) {
        return violations.stream().filter(v -> v.invariant() == invariant).toList();
    }

    /** A summary for the test output: figures, faults, duplicates, recovery, and the first violations of each kind. */
    String report() {
        StringBuilder text = new StringBuilder();
        text.append("entries and attempts: ").append(figures).append('\n');
        text.append("faults by kind: ").append(faultsByKind).append('\n');
        text.append("duplicates by cause: ").append(duplicatesByCause).append('\n');
        text.append("longest time to recover: ")
                .append(longestRecoveryMillis < 0 ? "never (entries left unfinished)" : longestRecoveryMillis + " ms")
                .append(", by fault kind: ").append(recoveryByKind).append('\n');
        Map<Invariant, List<Violation>> byInvariant = violations.stream()
                .collect(Collectors.groupingBy(Violation::invariant));
        if (byInvariant.isEmpty()) {
            text.append("I1-I5 hold\n");
        }
        byInvariant.forEach((invariant, found) -> {
            text.append(invariant).append(": ").append(found.size()).append(" violations, first ones:\n");
            found.stream().limit(5).forEach(v -> text.append("  ").append(v.entry()).append(": ").append(v.what()).append('\n'));
        });
        return text.toString();
    }
}
