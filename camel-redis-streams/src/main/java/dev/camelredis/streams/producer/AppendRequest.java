package dev.camelredis.streams.producer;

import java.util.List;
import java.util.Map;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import redis.clients.jedis.params.XAddParams;

/**
 * The XADDs of one exchange, waiting for the pipeline: one entry, or one per element of a List body, all to one
 * stream key (the stream, or the shard picked for the exchange).
 *
 * @param listBody whether the body was a List: the exchange then gets the List of IDs back
 */
record AppendRequest(Exchange exchange, AsyncCallback callback, byte[] streamKey, List<Map<byte[], byte[]>> entries,
                     XAddParams params, String explicitId, boolean listBody) {
}
