package dev.camelredis.streams.consumer.acknowledging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.ConsumerCounters;
import dev.camelredis.streams.consumer.ErrorBackoff;
import dev.camelredis.streams.consumer.delivery.EntryReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/**
 * The ack path of one stream key of a consumer: completed entries are queued and sent by a background thread, many IDs
 * per XACK. While a command is on the wire the next IDs pile up, so acks coalesce under load and go out within a
 * millisecond when idle. The thread is woken only when the queue stops being empty and when a full batch is queued,
 * not for every entry: a wake-up per entry cost the reader more than the XACKs themselves. An XACK that fails is
 * retried with backoff, never dropped: until it succeeds the entries stay pending, which at worst means a redelivery.
 * The queue holds only entries the consumer's ledger holds, so the ledger's bound is its bound too.
 */
public final class Acknowledger {

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);
    private static final int MAX_IDS_PER_XACK = 1000;
    private static final long IDLE_POLL_MILLIS = 100;
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int LINGER_UNTIL = 100;

    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final byte[] streamKeyBytes;
    private final byte[] groupBytes;
    private final String endpoint;
    private final Consumer<List<StreamEntryID>> settled;
    private final ConsumerCounters counters;
    private final ErrorBackoff backoff;
    private final ConcurrentLinkedQueue<StreamEntryID> queue = new ConcurrentLinkedQueue<>();
    /**
     * About how many IDs the queue holds, for waking the thread only: a sender counts its ID just after queuing it,
     * so the thread may take an ID before it is counted.
     */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile Thread thread;

    private volatile boolean running;
    private volatile long stopDeadline;
    private Future<?> loop;

    /**
     * @param settled learns of the entries whose XACK Redis confirmed (or whose group is gone)
     */
    public Acknowledger(UnifiedJedis client, String streamKey, String group, String endpoint, Consumer<List<StreamEntryID>> settled,
                 ConsumerCounters counters, ErrorBackoff backoff) {
        this.client = client;
        this.streamKey = streamKey;
        this.group = group;
        this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
        this.groupBytes = group.getBytes(StandardCharsets.UTF_8);
        this.endpoint = endpoint;
        this.settled = settled;
        this.counters = counters;
        this.backoff = backoff;
    }

    public String streamKey() {
        return streamKey;
    }

    public void start(ExecutorService executor) {
        running = true;
        loop = executor.submit(this::run);
    }

    /**
     * Queues the entry for XACK. The caller's exchange has completed.
     */
    public void acknowledge(StreamEntryID id) {
        queue.add(id);
        int count = queued.incrementAndGet();
        if (count == 1 || count == LINGER_UNTIL) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Sends what is queued, retrying for up to timeoutMillis, then stops the background thread.
     */
    public void stop(long timeoutMillis) {
        stopDeadline = System.currentTimeMillis() + timeoutMillis;
        running = false;
        LockSupport.unpark(thread);
        if (loop == null) {
            return;
        }
        try {
            loop.get(timeoutMillis + IDLE_POLL_MILLIS * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("Ack path of {} did not finish in time: {}", endpoint, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.warn("{} acknowledgement(s) for {} group {} could not be sent before stop: those entries stay pending"
                     + " and will be delivered again",
                    queue.size(), endpoint, group);
        }
    }

    private void run() {
        thread = Thread.currentThread();
        List<StreamEntryID> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                // the queue, not the count, says whether there is work: the count can be behind the queue
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_POLL_NANOS);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    continue;
                }
                gather(batch);
                if (!send(batch)) {
                    // given up at stop: put them back so that stop() can report them
                    putBack(batch);
                    return;
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                putBack(batch);
                return;
            } catch (Throwable e) {
                // an Error must not end the ack path silently: the batch goes back to the queue and the loop goes on
                putBack(batch);
                batch.clear();
                LOG.error("Ack path of {} failed unexpectedly, it goes on", endpoint, e);
                long delay = backoff.onFailure(new RedisStreamsException("Ack path of " + endpoint + " failed: " + e, e));
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Takes what is queued, lingering up to LINGER_NANOS for more while the batch is small: under load that turns many
     * small XACKs (each a round trip) into a few large ones; a lone ack waits a millisecond. The LINGER_UNTIL-th
     * queued ID ends the lingering early.
     */
    private void gather(List<StreamEntryID> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        drainInto(batch);
        while (batch.size() < LINGER_UNTIL && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            drainInto(batch);
        }
    }

    private void drainInto(List<StreamEntryID> batch) {
        int taken = 0;
        StreamEntryID id;
        while (batch.size() < MAX_IDS_PER_XACK && (id = queue.poll()) != null) {
            batch.add(id);
            taken++;
        }
        queued.addAndGet(-taken);
    }

    private void putBack(List<StreamEntryID> batch) {
        queue.addAll(batch);
        queued.addAndGet(batch.size());
    }

    /**
     * @return false when the stop deadline passed before Redis took the acks
     */
    private boolean send(List<StreamEntryID> ids) throws InterruptedException {
        // written here, not by Jedis through StreamEntryID.toString(): a reader's every entry passes this way
        byte[][] texts = new byte[ids.size()][];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = EntryReplies.text(ids.get(i));
        }
        while (true) {
            try {
                counters.acked(client.xack(streamKeyBytes, groupBytes, texts));
                backoff.onSuccess();
                settled.accept(ids);
                return true;
            } catch (RuntimeException e) {
                if (RedisErrors.isNoGroup(e)) {
                    // the group is gone, and with it the pending entries: there is nothing left to acknowledge
                    LOG.warn("Group {} of {} no longer exists: {} acknowledgement(s) dropped", group, endpoint, ids.size());
                    settled.accept(ids);
                    return true;
                }
                long delay = backoff.onFailure(RedisErrors.describe(e, endpoint, streamKey, group));
                if (!running) {
                    long left = stopDeadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return false;
                    }
                    delay = Math.min(delay, left);
                }
                Thread.sleep(delay);
            }
        }
    }
}
