package dev.camelredis.streams.consumer.delivery;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelredis.streams.consumer.ConsumerHost;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Ordered;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the entries of one reader, at most maxInFlight at a time. A synchronous route runs in the reader's thread,
 * so entries are processed in stream order; an asynchronous one (threads, seda) lets the reader go on until the
 * bound is reached.
 */
public final class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /** How long a wait for room lasts before it looks whether the consumer stops. */
    private static final long STOP_CHECK_MILLIS = 100;

    private final ConsumerHost consumer;
    private final DeliveryLifecycle lifecycle;
    private final int maxInFlight;
    private final boolean batching;
    private final Semaphore permits;
    private final DeliveryLedger ledger;
    private final int maxUnacknowledged;
    private boolean waitingForAcks;

    /**
     * @param batching          route each batch as one exchange ({@code batching=true})
     * @param ledger            the entries of the key taken and not yet acknowledged in Redis (running, waiting for a
     *                          slot or for their XACK)
     * @param maxUnacknowledged at this many the reader stops taking entries: when XACKs fail for long (a user without
     *                          the right to XACK, say) it would otherwise go on processing entries that all come back
     */
    public DeliveryDispatcher(ConsumerHost consumer, DeliveryLifecycle lifecycle, int maxInFlight, boolean batching,
                       DeliveryLedger ledger, int maxUnacknowledged) {
        this.consumer = consumer;
        this.lifecycle = lifecycle;
        this.maxInFlight = maxInFlight;
        this.batching = batching;
        this.permits = new Semaphore(maxInFlight);
        this.ledger = ledger;
        this.maxUnacknowledged = maxUnacknowledged;
    }

    /**
     * Routes a batch of taken entries, each once a slot is free. Entries already taken are routed even while the
     * consumer stops: stopping ends the reads, and what was taken is processed like the other exchanges in flight.
     * Only when the stop runs out of time (the thread is interrupted) do the rest stay pending, unrouted.
     */
    public void dispatch(List<Delivery> batch) throws InterruptedException {
        dispatch(batch, map(batch));
    }

    /**
     * Routes a batch whose messages {@link #map} made already (on another thread, say).
     */
    public void dispatch(List<Delivery> batch, List<Message> messages) throws InterruptedException {
        if (batching) {
            routeTogether(batch, messages);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                batch.subList(i, batch.size()).forEach(lifecycle::abandon);
                throw e;
            }
            route(batch.get(i), messages.get(i));
        }
    }

    /** The messages of the entries, in order. */
    public List<Message> map(List<Delivery> batch) {
        return lifecycle.map(batch);
    }

    /**
     * Gives back taken entries that will not be routed (the stop ran out of time): they stay pending in Redis.
     */
    public void abandon(List<Delivery> batch) {
        batch.forEach(lifecycle::abandon);
    }

    /**
     * Routes a whole batch as one exchange that holds a slot per entry, so that maxInFlight still counts entries and a
     * stop waits for the batch like for single exchanges.
     */
    private void routeTogether(List<Delivery> batch, List<Message> messages) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        // a reader never takes more than the free slots, but a slot count above maxInFlight would wait forever
        int slots = Math.min(batch.size(), maxInFlight);
        try {
            permits.acquire(slots);
        } catch (InterruptedException e) {
            batch.forEach(lifecycle::abandon);
            throw e;
        }
        Exchange exchange;
        Synchronization entriesDone;
        try {
            exchange = consumer.newExchange();
            entriesDone = lifecycle.attachBatch(batch, messages, exchange);
        } catch (RuntimeException e) {
            batch.forEach(lifecycle::abandon);
            permits.release(slots);
            throw e;
        }
        PermitRelease release = new PermitRelease(permits, slots, entriesDone);
        for (Delivery delivery : batch) {
            ledger.routing(delivery.id(), release::release);
        }
        exchange.getExchangeExtension().addOnCompletion(release);
        consumer.route(exchange, release::unlessHandedOver);
    }

    private void route(Delivery delivery, Message message) {
        Exchange exchange;
        Synchronization entriesDone;
        try {
            exchange = consumer.newExchange();
            entriesDone = lifecycle.attach(delivery, message, exchange);
        } catch (RuntimeException e) {
            lifecycle.abandon(delivery);
            permits.release();
            throw e;
        }
        PermitRelease release = new PermitRelease(permits, 1, entriesDone);
        ledger.routing(delivery.id(), release::release);
        exchange.getExchangeExtension().addOnCompletion(release);
        consumer.route(exchange, release::unlessHandedOver);
    }

    /**
     * Tells the lifecycle how an exchange ended, then gives its slot back: one synchronization per exchange, as each
     * costs Camel a copy and a sort of the exchange's list on every step. A seda endpoint (or another hand-over) moves
     * the exchange's completions to a copy that finishes later: the slot then goes back with the copy, so that
     * maxInFlight bounds the copies' work too and a stop waits for it. Runs after the other completions, and queues
     * the entry's XACK before a stop can see the slot free.
     */
    private static final class PermitRelease extends SynchronizationAdapter {

        private final Semaphore permits;
        private final int slots;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean handedOver;
        /** The lifecycle's completion of the exchange's entries; null when they are not acknowledged. */
        private final Synchronization entriesDone;

        PermitRelease(Semaphore permits, int slots, Synchronization entriesDone) {
            this.permits = permits;
            this.slots = slots;
            this.entriesDone = entriesDone;
        }

        @Override
        public void beforeHandover(Exchange target) {
            handedOver = true;
        }

        @Override
        public void onComplete(Exchange exchange) {
            if (entriesDone != null) {
                entriesDone.onComplete(exchange);
            }
            release();
        }

        @Override
        public void onFailure(Exchange exchange) {
            if (entriesDone != null) {
                entriesDone.onFailure(exchange);
            }
            release();
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }

        /** The exchange returned: without a hand-over its completions ran (or never will, if it was refused). */
        void unlessHandedOver() {
            if (!handedOver) {
                release();
            }
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                permits.release(slots);
            }
        }
    }

    /**
     * Waits until every exchange this dispatcher started has completed.
     */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        if (permits.tryAcquire(maxInFlight, timeoutMillis, TimeUnit.MILLISECONDS)) {
            permits.release(maxInFlight);
            return true;
        }
        return false;
    }

    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /**
     * Waits until at least one more exchange can start, so that a reader takes from the group only what it can start
     * at once: entries it could not start would wait here while other consumers are idle.
     *
     * @return how many exchanges can start now; 0 when the consumer stops meanwhile
     */
    public int awaitRoom() throws InterruptedException {
        while (consumer.isRunAllowed()) {
            // the timeouts only let the loop see a stop
            if (!acksKeepUp()) {
                continue;
            }
            if (permits.tryAcquire(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                permits.release();
                return permits.availablePermits();
            }
        }
        return 0;
    }

    /** Whether the acknowledgements keep up, waiting a moment for them when not; says so in the log when that changes. */
    private boolean acksKeepUp() throws InterruptedException {
        if (!ledger.awaitBelow(maxUnacknowledged, waitingForAcks ? STOP_CHECK_MILLIS : 0)) {
            if (!waitingForAcks) {
                waitingForAcks = true;
                LOG.warn("{}: {} entries taken are not acknowledged yet (XACK fails, see the ack path's error): reading"
                         + " pauses until they are", consumer.describe(), ledger.size());
            }
            return false;
        }
        if (waitingForAcks) {
            waitingForAcks = false;
            LOG.info("{}: acknowledgements caught up, reading goes on", consumer.describe());
        }
        return true;
    }

    /**
     * Whether this many more entries may be taken ahead of need: not when that would bring the entries taken and not
     * acknowledged to the bound at which reading pauses (see {@link #awaitRoom}), so that every entry held at the
     * pause has been routed.
     */
    public boolean mayTakeAhead(int more) {
        return ledger.size() + more < maxUnacknowledged;
    }

    /**
     * How many more exchanges could start right now.
     */
    public int available() {
        return permits.availablePermits();
    }
}
