package dev.camelredis.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Counts the entries a consumer under test handed to its route or listener, and lets the measuring thread wait for
 * the last one without polling Redis meanwhile (polling would take CPU from the consumer on a 2-core machine).
 */
final class DeliveryCounter {

    /** A consumer that stops making progress for this long is broken: fail instead of waiting for ever. */
    private static final long STALL_MILLIS = 30_000;

    private final long expected;
    private final LongConsumer onCount;
    private final AtomicLong count = new AtomicLong();
    private final CountDownLatch all = new CountDownLatch(1);

    DeliveryCounter(long expected) {
        this(expected, count -> {
        });
    }

    /**
     * @param onCount called with each new count, in the delivering thread, before the waiter is released by the last
     */
    DeliveryCounter(long expected, LongConsumer onCount) {
        this.expected = expected;
        this.onCount = onCount;
    }

    void increment() {
        add(1);
    }

    /** Counts several entries at once (a batch); the waiter is released once the count reaches the expected one. */
    void add(int entries) {
        long now = count.addAndGet(entries);
        onCount.accept(now);
        if (now >= expected && now - entries < expected) {
            all.countDown();
        }
    }

    long count() {
        return count.get();
    }

    void awaitAll(String what) throws InterruptedException {
        long seen = -1;
        long lastProgress = System.currentTimeMillis();
        while (!all.await(1, TimeUnit.SECONDS)) {
            long now = count.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > STALL_MILLIS) {
                throw new IllegalStateException(what + " stalled at " + now + " of " + expected + " entries");
            }
        }
    }
}
