package dev.camelredis.streams.producer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.streams.RedisStreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the XADDs of all exchanges that are waiting in one pipeline, from one thread: while one pipeline is on the
 * wire the next requests pile up, so concurrent senders share round trips, and a lone sender still goes out at once.
 * The exchanges go on with their routes through {@link Continuations}, never in that thread.
 *
 * <p>While nothing is queued or on the wire, up to {@link #MAX_DIRECT_SENDS} senders at a time send their XADDs
 * themselves ({@link #sendIfIdle}): they then pay no hand-off to the pipeline thread and back.
 */
final class PipelinedAppender {

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedAppender.class);
    private static final int MAX_REQUESTS_PER_ROUND = 1000;
    static final int MAX_QUEUED_REQUESTS = 10 * MAX_REQUESTS_PER_ROUND;
    /**
     * A few concurrent senders are served fastest by round trips of their own, as they would be by hand: the pipeline
     * makes each of them wait for two thread hand-offs. Beyond this many, they share the pipeline, so that many senders
     * do not need as many connections.
     */
    static final int MAX_DIRECT_SENDS = 8;
    private static final long IDLE_POLL_MILLIS = 100;
    /** How soon exchanges that found no room in the worker pool are offered again while nothing else arrives. */
    private static final long RETRY_POLL_MILLIS = 5;

    private final XaddSender sender;
    private final Continuations continuations;
    private final String streamKey;
    private final long queueWaitMillis;
    /** Bounded, so that exchanges sent faster than Redis takes them fail instead of filling the heap. */
    private final LinkedBlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>(MAX_QUEUED_REQUESTS);
    /** The requests taken from the queue and not yet settled by the pipeline thread: a stop that times out fails them. */
    private volatile List<AppendRequest> onTheWire = List.of();
    /** Requests queued or on the wire: the pipeline is idle only at 0. */
    private final AtomicInteger unsettled = new AtomicInteger();
    /** Sends in senders' threads ({@link #sendIfIdle}), each on a connection of its own. */
    private final AtomicInteger directSends = new AtomicInteger();

    private volatile boolean running;
    private volatile boolean closed;
    private Future<?> loop;

    /**
     * @param streamKey       the logical stream, for logs and errors
     * @param queueWaitMillis how long a sender waits for room when the queue is full (socketTimeout)
     */
    PipelinedAppender(XaddSender sender, Continuations continuations, String streamKey, long queueWaitMillis) {
        this.sender = sender;
        this.continuations = continuations;
        this.streamKey = streamKey;
        this.queueWaitMillis = queueWaitMillis;
    }

    void start(ExecutorService executor) {
        running = true;
        loop = executor.submit(this::run);
    }

    /**
     * Sends the request in the calling thread, as one round trip on a connection of its own, when nothing is queued or
     * on the wire in the pipeline and fewer than {@link #MAX_DIRECT_SENDS} other senders do the same. A sender whose
     * earlier request is still in the pipeline therefore queues behind it: no entry overtakes one its sender sent
     * before.
     *
     * @return false when the pipeline is busy, the direct sends are at their bound, or the producer stopped: submit
     *         the request instead
     */
    boolean sendIfIdle(AppendRequest request) {
        if (closed || unsettled.get() != 0 || !takeDirectSend()) {
            return false;
        }
        try {
            sender.send(List.of(request), (settled, ids, error) -> settled.settle(ids, error));
        } finally {
            directSends.decrementAndGet();
        }
        return true;
    }

    private boolean takeDirectSend() {
        int now;
        do {
            now = directSends.get();
            if (now >= MAX_DIRECT_SENDS) {
                return false;
            }
        } while (!directSends.compareAndSet(now, now + 1));
        return true;
    }

    /**
     * Queues the request, waiting for room at most queueWaitMillis; fails it at once once stopped.
     */
    void submit(AppendRequest request) {
        if (closed) {
            failHere(request, stopped());
            return;
        }
        unsettled.incrementAndGet();
        boolean queued;
        try {
            queued = queue.offer(request, queueWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            unsettled.decrementAndGet();
            failHere(request, new RedisStreamsException("The producer of " + streamKey + " has "
                    + MAX_QUEUED_REQUESTS + " exchanges waiting for Redis and found no room for this one within "
                    + queueWaitMillis + " ms (socketTimeout): Redis is slow or unreachable, or exchanges are sent"
                    + " faster than it takes them. Nothing was written: slow the senders down or send it again later"));
        } else if (closed && queue.remove(request)) {
            // stopped while this was queued, after the stop's last drain: nobody else will take it
            failHere(request, stopped());
        }
    }

    /** Fails a request in the current thread (a sender, or the stopping thread), not in the pipeline thread. */
    private static void failHere(AppendRequest request, RedisStreamsException error) {
        if (request.settle(null, error)) {
            Continuations.continueHere(request);
        }
    }

    /**
     * Sends what is queued, waiting at most timeoutMillis; then fails, in the calling thread, what is still queued
     * (nothing of it was written) and what is on the wire (Redis may have written it). What arrives later fails at
     * once.
     */
    void stop(long timeoutMillis) {
        running = false;
        boolean finished = loop == null;
        if (loop != null) {
            try {
                loop.get(timeoutMillis, TimeUnit.MILLISECONDS);
                finished = true;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Producer pipeline of {} did not finish within {} ms; its exchanges fail: {}", streamKey,
                        timeoutMillis, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        if (!finished) {
            RedisStreamsException unknown = new RedisStreamsException("The producer of " + streamKey + " stopped while the"
                    + " entry was on its way to Redis: it may or may not have been written; a retry can duplicate it");
            onTheWire.forEach(request -> failHere(request, unknown));
        }
        AppendRequest left;
        while ((left = queue.poll()) != null) {
            failHere(left, stopped());
        }
    }

    private RedisStreamsException stopped() {
        return stopped(streamKey);
    }

    static RedisStreamsException stopped(String streamKey) {
        return new RedisStreamsException("The producer of " + streamKey + " stopped before the entry was added: nothing"
                                         + " was written; send it again once the route runs");
    }

    private void run() {
        continuations.runsOn(Thread.currentThread());
        List<AppendRequest> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                continuations.retryWaiting();
                AppendRequest first = queue.poll(continuations.hasWaiting() ? RETRY_POLL_MILLIS : IDLE_POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_REQUESTS_PER_ROUND - 1);
                onTheWire = batch;
                for (List<AppendRequest> sameKey : byStreamKey(batch)) {
                    sendOrFail(sameKey);
                }
                onTheWire = List.of();
                unsettled.addAndGet(-batch.size());
                batch = new ArrayList<>();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A bug of ours must fail its batch, not end the loop and strand every later exchange; exchanges of the batch
     * already settled stay as they are.
     */
    private void sendOrFail(List<AppendRequest> batch) {
        try {
            sender.send(batch, this::settle);
        } catch (RuntimeException e) {
            LOG.error("Producer pipeline of {} failed unexpectedly; its exchanges get the error", streamKey, e);
            RedisStreamsException error = new RedisStreamsException("The producer of " + streamKey
                                                                     + " failed unexpectedly: " + e, e);
            batch.forEach(request -> settle(request, null, error));
        }
    }

    private void settle(AppendRequest request, List<String> ids, Exception error) {
        if (request.settle(ids, error)) {
            continuations.handBack(request);
        }
    }

    /**
     * One pipeline per stream key: on a cluster each then goes to one node, so a failing node fails only the exchanges
     * of its shards, and no pipeline has to fan out over several nodes.
     */
    private static Collection<List<AppendRequest>> byStreamKey(List<AppendRequest> batch) {
        if (batch.stream().allMatch(request -> request.streamKey() == batch.get(0).streamKey())) {
            return List.of(batch);
        }
        Map<ByteBuffer, List<AppendRequest>> groups = new LinkedHashMap<>();
        for (AppendRequest request : batch) {
            groups.computeIfAbsent(ByteBuffer.wrap(request.streamKey()), key -> new ArrayList<>()).add(request);
        }
        return groups.values();
    }
}
