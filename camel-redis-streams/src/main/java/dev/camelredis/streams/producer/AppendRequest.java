package dev.camelredis.streams.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import redis.clients.jedis.params.XAddParams;

/**
 * The XADDs of one exchange: one entry, or one per element of a List body, all to one stream key (the stream, or the
 * shard picked for the exchange).
 *
 * @param listBody whether the body was a List: the exchange then gets the List of IDs back
 * @param settled  whether the exchange got its outcome
 */
record AppendRequest(Exchange exchange, AsyncCallback callback, byte[] streamKey, List<Map<byte[], byte[]>> entries,
                     XAddParams params, String explicitId, boolean listBody, AtomicBoolean settled) {

    AppendRequest(Exchange exchange, AsyncCallback callback, byte[] streamKey, List<Map<byte[], byte[]>> entries,
                  XAddParams params, String explicitId, boolean listBody) {
        this(exchange, callback, streamKey, entries, params, explicitId, listBody, new AtomicBoolean());
    }

    /**
     * Puts the outcome on the exchange, the first time only: whichever path fails or finishes it (the pipeline, a full
     * queue, a stop), an exchange gets one outcome and is handed back to its route exactly once.
     *
     * @param ids   the IDs Redis assigned, null for entries not added; null when none is known
     * @param error the exchange's error, or null
     * @return true when this call settled it: the caller then hands it back
     */
    boolean settle(List<String> ids, Exception error) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        if (ids != null && (listBody || error == null)) {
            exchange.getMessage().setHeader(RedisStreamsConstants.MESSAGE_ID, listBody ? ids : ids.get(0));
        }
        if (explicitId != null && error == null) {
            // used: a later producer of the route must not reuse it; a failed exchange keeps it for its retry
            exchange.getMessage().removeHeader(RedisStreamsConstants.EXPLICIT_ID);
        }
        if (error != null) {
            exchange.setException(error);
        }
        return true;
    }
}
