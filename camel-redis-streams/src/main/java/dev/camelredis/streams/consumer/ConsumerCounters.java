package dev.camelredis.streams.consumer;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one consumer did since it started; updated from readers, routes and the ack path at once.
 */
public final class ConsumerCounters {

    private final LongAdder delivered = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void delivered() {
        delivered.increment();
    }

    void acked(long count) {
        acked.add(count);
    }

    void failed() {
        failed.increment();
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
}
