package dev.camelredis.benchmarks;

import java.util.Optional;

/**
 * One throughput row of the table: a way to consume or to produce the same number of entries, run once per
 * repetition on a fresh stream. Each scenario times only its own work; the runner prepares and checks the stream.
 */
interface Scenario {

    /** The row's label in the table and the chart. */
    String name();

    /** Consume or produce: whether the stream is pre-filled, and how a repetition is checked. */
    Section section();

    /** Whose code the row measures; hand-written rows are the baselines the others are compared with. */
    Subject subject();

    /**
     * Why the scenario cannot run against this build of the component, found out by trying once; empty when it can.
     */
    default Optional<String> unsupportedReason() throws Exception {
        return Optional.empty();
    }

    /**
     * Consumes (and acknowledges) or produces {@code entries} entries on {@code streamKey}.
     *
     * @param streamKey holds {@code entries} entries and no group for {@link Section#CONSUME}; absent for
     *                  {@link Section#PRODUCE}
     * @return the timed part of the run
     */
    Timed run(String streamKey, int entries) throws Exception;

    enum Subject {
        /** The code one would write by hand with Jedis: a baseline. */
        HAND_WRITTEN,
        /** This component. */
        COMPONENT,
        /** Another library, for comparison. */
        PEER_LIBRARY
    }

    enum Section {
        /** Read through the group and XACK everything. */
        CONSUME("consume + ack"),
        /** XADD everything. */
        PRODUCE("produce");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }
}
