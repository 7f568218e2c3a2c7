package dev.camelredis.streams.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import redis.clients.jedis.params.XAddParams;

/**
 * The XADDs of one exchange, waiting for the pipeline: one entry, or one per element of a List body, all to one
 * stream key (the stream, or the shard picked for the exchange).
 *
 * @param listBody   whether the body was a List: the exchange then gets the List of IDs back
 * @param handedBack whether the exchange was handed back to its route
 */
record AppendRequest(Exchange exchange, AsyncCallback callback, byte[] streamKey, List<Map<byte[], byte[]>> entries,
                     XAddParams params, String explicitId, boolean listBody, AtomicBoolean handedBack) {

    AppendRequest(Exchange exchange, AsyncCallback callback, byte[] streamKey, List<Map<byte[], byte[]>> entries,
                  XAddParams params, String explicitId, boolean listBody) {
        this(exchange, callback, streamKey, entries, params, explicitId, listBody, new AtomicBoolean());
    }

    /** True the first time only: an exchange is handed back to its route exactly once, whatever path fails it. */
    boolean handBack() {
        return handedBack.compareAndSet(false, true);
    }
}
