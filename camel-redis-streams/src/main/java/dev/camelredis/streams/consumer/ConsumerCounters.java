package dev.camelredis.streams.consumer;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one consumer did since it started; updated from readers, the reclaimer, routes and the ack path at once.
 */
public final class ConsumerCounters {

    private final LongAdder delivered = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder deletedWhilePending = new LongAdder();
    private final LongAdder givenUp = new LongAdder();

    public void delivered() {
        delivered.increment();
    }

    public void acked(long count) {
        acked.add(count);
    }

    public void failed() {
        failed.increment();
    }

    public void reclaimed(long count) {
        reclaimed.add(count);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void deletedWhilePending(long count) {
        deletedWhilePending.add(count);
    }

    public void givenUp() {
        givenUp.increment();
    }

    /** Entries routed, first deliveries and redeliveries alike. */
    public long getDelivered() {
        return delivered.sum();
    }

    /** Entries whose XACK Redis confirmed. */
    public long getAcked() {
        return acked.sum();
    }

    /** Exchanges that failed; their entries stay pending. */
    public long getFailed() {
        return failed.sum();
    }

    /** Entries this consumer claimed from the group's pending list (abandoned or failed before). */
    public long getReclaimed() {
        return reclaimed.sum();
    }

    /** Entries moved to the dead-letter stream after maxDeliveries. */
    public long getDeadLettered() {
        return deadLettered.sum();
    }

    /** Pending entries whose data was deleted or trimmed: acknowledged without routing. */
    public long getDeletedWhilePending() {
        return deletedWhilePending.sum();
    }

    /** Entries given up after maxRenewalTime: their exchange had not completed (or, with MANUAL, not called ack()). */
    public long getGivenUp() {
        return givenUp.sum();
    }
}
