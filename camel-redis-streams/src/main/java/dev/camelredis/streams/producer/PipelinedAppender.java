package dev.camelredis.streams.producer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.health.LoopHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sends the XADDs of all exchanges that are waiting in one pipeline: while one pipeline is on the wire the next
 * requests pile up, so concurrent senders share round trips, and a lone sender still goes out at once.
 */
final class PipelinedAppender {

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedAppender.class);
    private static final int MAX_REQUESTS_PER_PIPELINE = 1000;
    static final int MAX_QUEUED_REQUESTS = 10 * MAX_REQUESTS_PER_PIPELINE;
    private static final long IDLE_POLL_MILLIS = 100;

    private final UnifiedJedis client;
    private final String streamKey;
    /** Turns a failure of a request into the error its exchange gets: (failure, explicit ID) -> error. */
    private final BiFunction<RuntimeException, String, RedisStreamsException> describe;
    private final String noStreamMessage;
    private final LoopHealth health;
    private final Executor completions;
    private final long queueWaitMillis;
    /** Bounded, so that exchanges sent faster than Redis takes them fail instead of filling the heap. */
    private final LinkedBlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>(MAX_QUEUED_REQUESTS);

    private volatile boolean running;
    private volatile boolean closed;
    private Future<?> loop;

    /**
     * @param streamKey   the logical stream, for logs
     * @param completions     where the exchanges go on after their XADD: the rest of their routes must not run in,
     *                        and wait for, the one thread that sends the pipelines
     * @param queueWaitMillis how long a sender waits for room when the queue is full (socketTimeout)
     */
    PipelinedAppender(UnifiedJedis client, String streamKey,
                      BiFunction<RuntimeException, String, RedisStreamsException> describe, String noStreamMessage,
                      LoopHealth health, Executor completions, long queueWaitMillis) {
        this.client = client;
        this.streamKey = streamKey;
        this.describe = describe;
        this.noStreamMessage = noStreamMessage;
        this.health = health;
        this.completions = completions;
        this.queueWaitMillis = queueWaitMillis;
    }

    void start(ExecutorService executor) {
        running = true;
        loop = executor.submit(this::run);
    }

    /**
     * Queues the request, waiting for room at most queueWaitMillis; fails it at once once stopped.
     */
    void submit(AppendRequest request) {
        if (closed) {
            failHere(request, stopped());
            return;
        }
        boolean queued;
        try {
            queued = queue.offer(request, queueWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            failHere(request, new RedisStreamsException("The producer of " + streamKey + " has "
                    + MAX_QUEUED_REQUESTS + " exchanges waiting for Redis and found no room for this one within "
                    + queueWaitMillis + " ms (socketTimeout): Redis is slow or unreachable, or exchanges are sent"
                    + " faster than it takes them. Nothing was written: slow the senders down or send it again later"));
        } else if (closed && queue.remove(request)) {
            // stopped while this was queued, after the stop's last drain: nobody else will take it
            failHere(request, stopped());
        }
    }

    /** Fails a request in the sender's thread: the completions executor may be shut down, and discard it. */
    private static void failHere(AppendRequest request, RedisStreamsException error) {
        if (request.handBack()) {
            request.exchange().setException(error);
            request.callback().done(false);
        }
    }

    /**
     * Sends what is queued, then stops; what arrives later fails at once.
     */
    void stop(long timeoutMillis) {
        running = false;
        if (loop != null) {
            try {
                loop.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Producer pipeline of {} did not finish in time: {}", streamKey, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        AppendRequest left;
        while ((left = queue.poll()) != null) {
            complete(left, stopped());
        }
    }

    private RedisStreamsException stopped() {
        return new RedisStreamsException("The producer of " + streamKey + " stopped before the entry was added: nothing"
                                         + " was written; send it again once the route runs");
    }

    private void run() {
        List<AppendRequest> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                AppendRequest first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_REQUESTS_PER_PIPELINE - 1);
                for (List<AppendRequest> sameKey : byStreamKey(batch)) {
                    sendOrFail(sameKey);
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A bug of ours must fail its batch, not end the loop and strand every later exchange; exchanges of the batch
     * already handed back stay as they are.
     */
    private void sendOrFail(List<AppendRequest> batch) {
        try {
            send(batch);
        } catch (RuntimeException e) {
            LOG.error("Producer pipeline of {} failed unexpectedly; its exchanges get the error", streamKey, e);
            RedisStreamsException error = new RedisStreamsException("The producer of " + streamKey
                                                                     + " failed unexpectedly: " + e, e);
            batch.forEach(request -> complete(request, error));
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

    private void send(List<AppendRequest> batch) {
        List<List<Response<byte[]>>> responses = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (AppendRequest request : batch) {
                List<Response<byte[]>> ids = new ArrayList<>(request.entries().size());
                for (Map<byte[], byte[]> fields : request.entries()) {
                    ids.add(pipeline.xadd(request.streamKey(), request.params(), fields));
                }
                responses.add(ids);
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            // the pipeline as a whole failed (connection lost): no exchange of it knows what Redis did
            RedisStreamsException error = describe.apply(e, null);
            health.failed("pipeline", error.getMessage());
            for (AppendRequest request : batch) {
                complete(request, describe.apply(e, request.explicitId()));
            }
            return;
        }
        boolean reachedRedis = true;
        for (int i = 0; i < batch.size(); i++) {
            AppendRequest request = batch.get(i);
            List<String> ids = new ArrayList<>(request.entries().size());
            RedisStreamsException error = null;
            for (Response<byte[]> id : responses.get(i)) {
                try {
                    byte[] assigned = id.get();
                    if (assigned == null) {
                        // noMkStream and no stream: Redis replies nil
                        ids.add(null);
                        error = error != null ? error : new RedisStreamsException(noStreamMessage);
                    } else {
                        ids.add(new String(assigned, StandardCharsets.US_ASCII));
                    }
                } catch (RuntimeException e) {
                    ids.add(null);
                    if (error == null) {
                        error = describe.apply(e, request.explicitId());
                        if (RedisErrors.isConnectionFailure(e)) {
                            reachedRedis = false;
                            health.failed("pipeline", error.getMessage());
                        }
                    }
                }
            }
            if (request.listBody()) {
                request.exchange().getMessage().setHeader(RedisStreamsConstants.MESSAGE_ID, ids);
            } else if (error == null) {
                request.exchange().getMessage().setHeader(RedisStreamsConstants.MESSAGE_ID, ids.get(0));
            }
            complete(request, error == null ? null : partly(error, ids));
        }
        if (reachedRedis) {
            health.recovered("pipeline");
        }
    }

    /**
     * A List body whose XADDs failed only in part says which entries were added, so that a retry can leave them out
     * instead of adding them twice.
     */
    private static RedisStreamsException partly(RedisStreamsException error, List<String> ids) {
        long added = ids.stream().filter(Objects::nonNull).count();
        if (added == 0) {
            return error;
        }
        return new RedisStreamsException(added + " of " + ids.size() + " entries of the List body were added (the header "
                                         + RedisStreamsConstants.MESSAGE_ID + " lists their IDs, null for the others),"
                                         + " the others failed: " + error.getMessage(), error);
    }

    /** Hands the exchange back to its route on the completions executor (which runs it here when it is full). */
    private void complete(AppendRequest request, Exception error) {
        if (!request.handBack()) {
            return;
        }
        if (error != null) {
            request.exchange().setException(error);
        }
        completions.execute(() -> request.callback().done(false));
    }
}
