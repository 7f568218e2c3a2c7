package dev.camelredis.streams.producer;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BiFunction;

import javax.net.ssl.SSLHandshakeException;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.health.LoopHealth;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sends the XADDs of some requests, in the calling thread, in pipelines of at most {@link #MAX_XADDS_PER_PIPELINE}
 * commands (a longer List body spans several), and settles each request as soon as its pipeline returned. A single
 * XADD goes out as a plain call.
 */
final class XaddSender {

    /** Bounds what the client buffers and what Redis holds as replies for one pipeline, whatever a List body's length. */
    static final int MAX_XADDS_PER_PIPELINE = 1000;

    /** Settles a request with its IDs (null for entries not added) or error; the receiver hands it back. */
    interface Outcome {
        void settle(AppendRequest request, List<String> ids, Exception error);
    }

    private final UnifiedJedis client;
    private final String endpoint;
    /** Turns a failure Redis or Jedis reported for a request into its exchange's error: (failure, explicit ID) -> error. */
    private final BiFunction<RuntimeException, String, RedisStreamsException> describe;
    private final String noStreamMessage;
    private final LoopHealth health;

    /**
     * @param endpoint the endpoint and its server, safe to show (no password)
     */
    XaddSender(UnifiedJedis client, String endpoint, BiFunction<RuntimeException, String, RedisStreamsException> describe,
               String noStreamMessage, LoopHealth health) {
        this.client = client;
        this.endpoint = endpoint;
        this.describe = describe;
        this.noStreamMessage = noStreamMessage;
        this.health = health;
    }

    /**
     * Sends the requests in order (callers pass requests of one stream key, so that each pipeline goes to one node of
     * a cluster) and settles every one of them.
     */
    void send(List<AppendRequest> requests, Outcome outcome) {
        if (requests.size() == 1 && requests.get(0).entries().size() == 1) {
            sendOne(requests.get(0), outcome);
            return;
        }
        List<List<Response<byte[]>>> responses = new ArrayList<>(requests.size());
        for (AppendRequest request : requests) {
            responses.add(new ArrayList<>(request.entries().size()));
        }
        int request = 0;
        int entry = 0;
        boolean reachedRedis = true;
        while (request < requests.size()) {
            int first = request;
            int lastWritten = -1;
            try (AbstractPipeline pipeline = client.pipelined()) {
                for (int added = 0; added < MAX_XADDS_PER_PIPELINE && request < requests.size(); added++) {
                    AppendRequest next = requests.get(request);
                    lastWritten = request;
                    responses.get(request).add(pipeline.xadd(next.streamKey(), next.params(), next.entries().get(entry)));
                    if (++entry == next.entries().size()) {
                        request++;
                        entry = 0;
                    }
                }
                pipeline.sync();
            } catch (RuntimeException e) {
                failFrom(first, lastWritten, requests, responses, e, outcome);
                return;
            }
            for (int i = first; i < request; i++) {
                reachedRedis &= settle(requests.get(i), responses.get(i), outcome);
            }
        }
        if (reachedRedis) {
            health.recovered("pipeline");
        }
    }

    /** One XADD as a plain call, one round trip: a lone sender pays no more than a hand-written Jedis XADD. */
    private void sendOne(AppendRequest request, Outcome outcome) {
        byte[] assigned;
        try {
            assigned = client.xadd(request.streamKey(), request.params(), request.entries().get(0));
        } catch (RuntimeException e) {
            RedisStreamsException error = failure(e, request, !neverSent(e));
            if (RedisErrors.isConnectionFailure(e)) {
                health.failed("pipeline", error.getMessage());
            }
            outcome.settle(request, Collections.singletonList(null), error);
            return;
        }
        health.recovered("pipeline");
        // noMkStream and no stream: Redis replies nil
        outcome.settle(request, Collections.singletonList(assigned == null ? null : new String(assigned, StandardCharsets.US_ASCII)),
                assigned == null ? new RedisStreamsException(noStreamMessage) : null);
    }

    /**
     * Whether the command failed before it left: no connection could be opened (refused, unknown host, TLS handshake)
     * or none was free in the pool.
     */
    private static boolean neverSent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLHandshakeException
                    || t instanceof NoSuchElementException) {
                return true;
            }
            // Jedis tries each address of a host and keeps what each attempt threw as suppressed exceptions
            for (Throwable attempt : t.getSuppressed()) {
                if (neverSent(attempt)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Settles a request whose XADDs all came back; false when one of them lost the connection. */
    private boolean settle(AppendRequest request, List<Response<byte[]>> responses, Outcome outcome) {
        List<String> ids = new ArrayList<>(responses.size());
        RedisStreamsException error = null;
        boolean reachedRedis = true;
        for (Response<byte[]> response : responses) {
            try {
                byte[] assigned = response.get();
                ids.add(assigned == null ? null : new String(assigned, StandardCharsets.US_ASCII));
                if (assigned == null && error == null) {
                    // noMkStream and no stream: Redis replies nil
                    error = new RedisStreamsException(noStreamMessage);
                }
            } catch (RuntimeException e) {
                ids.add(null);
                if (error == null) {
                    error = failure(e, request, true);
                    if (RedisErrors.isConnectionFailure(e)) {
                        reachedRedis = false;
                        health.failed("pipeline", error.getMessage());
                    }
                }
            }
        }
        outcome.settle(request, ids, error == null ? null : partly(error, ids));
        return reachedRedis;
    }

    /**
     * A pipeline failed as a whole: the requests it carried do not know what Redis did, those after it were not sent.
     */
    private void failFrom(int first, int lastWritten, List<AppendRequest> requests, List<List<Response<byte[]>>> responses,
                          RuntimeException e, Outcome outcome) {
        health.failed("pipeline", failure(e, requests.get(first), lastWritten >= 0).getMessage());
        for (int i = first; i < requests.size(); i++) {
            AppendRequest request = requests.get(i);
            List<String> ids = new ArrayList<>(responses.get(i).size());
            for (Response<byte[]> response : responses.get(i)) {
                ids.add(idOrNull(response));
            }
            while (ids.size() < request.entries().size()) {
                ids.add(null);
            }
            outcome.settle(request, ids, partly(failure(e, request, i <= lastWritten), ids));
        }
    }

    /** The ID of an XADD of an earlier pipeline, null for one of the failed pipeline, which has no reply. */
    private static String idOrNull(Response<byte[]> response) {
        try {
            byte[] assigned = response.get();
            return assigned == null ? null : new String(assigned, StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * @param sent whether the request's XADDs were on their way: a connection that fails then leaves open whether
     *             Redis wrote them
     */
    private RedisStreamsException failure(RuntimeException e, AppendRequest request, boolean sent) {
        if (sent && RedisErrors.isConnectionFailure(e)) {
            String cause = String.valueOf(e.getMessage()).replaceAll("\\.+$", "");
            return new RedisStreamsException("The connection to Redis for " + endpoint + " failed while the XADD was on its"
                                             + " way (" + cause + "): the entry may or may not have been written; a"
                                             + " retry can duplicate it", e);
        }
        return describe.apply(e, request.explicitId());
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
}
