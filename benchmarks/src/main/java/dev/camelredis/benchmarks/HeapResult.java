package dev.camelredis.benchmarks;

import java.util.List;

/**
 * The heap of the component's consumer over a long run, in bytes.
 *
 * @param liveAtStart heap after the System.gc() before the consumer started
 * @param milestones  at 25, 50, 75 and 100% of the entries routed
 * @param maxHeap     the JVM's -Xmx
 */
record HeapResult(long entries, double entriesPerSecond, long liveAtStart, long peakUsed, List<Milestone> milestones,
                  long maxHeap) {

    /** Growth of the heap after GC between the first and the last milestone below which the heap counts as flat. */
    static final long FLAT_TOLERANCE_BYTES = 32L * 1024 * 1024;

    /**
     * @param percent    of the entries routed
     * @param used       heap used at that moment (garbage included)
     * @param afterLastGc heap left by the most recent collection before that moment
     */
    record Milestone(int percent, long used, long afterLastGc) {
    }

    long growthAfterGc() {
        return milestones.get(milestones.size() - 1).afterLastGc() - milestones.get(0).afterLastGc();
    }

    boolean flat() {
        return growthAfterGc() <= FLAT_TOLERANCE_BYTES;
    }
}
