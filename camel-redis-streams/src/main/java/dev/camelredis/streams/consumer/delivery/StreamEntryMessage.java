package dev.camelredis.streams.consumer.delivery;

import java.util.Map;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.StreamEntryFields;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultMessage;
import redis.clients.jedis.StreamEntryID;

/**
 * The message of a consumed entry. Its body is set at once; its headers (the entry's metadata and the headers carried
 * as fields) are put into the header map only when the route first touches the headers: a route that reads just the
 * body never pays for hashing eight header names per entry, which was a fifth of the reader's time. It joins its
 * exchange when the exchange takes it (or, in a batch, when the batch exchange is filled).
 */
final class StreamEntryMessage extends DefaultMessage {

    // what the headers need of the delivery, not the delivery: its raw fields would stay in memory beside the decoded
    private final StreamEntryID id;
    private final String consumerName;
    private final long deliveryCount;
    private final StreamEntryFields fields;
    /** The fields that carry Camel headers (propagateHeaders), already taken out of {@link #fields}. */
    private final Map<String, Object> headerFields;
    private final DeliveryMapper mapper;

    StreamEntryMessage(CamelContext context, Delivery delivery, StreamEntryFields fields, Map<String, Object> headerFields,
                       DeliveryMapper mapper) {
        super(context);
        this.id = delivery.id();
        this.consumerName = delivery.consumerName();
        this.deliveryCount = delivery.deliveryCount();
        this.fields = fields;
        this.headerFields = headerFields;
        this.mapper = mapper;
    }

    @Override
    protected boolean isPopulateHeadersSupported() {
        return true;
    }

    @Override
    protected void populateInitialHeaders(Map<String, Object> headers) {
        // carried headers first, so that the entry's own headers win
        mapper.headerFields().putHeaders(headerFields, headers, getExchange());
        headers.put(RedisStreamsConstants.STREAM_KEY, mapper.streamKey());
        headers.put(RedisStreamsConstants.MESSAGE_ID, id.toString());
        headers.put(RedisStreamsConstants.GROUP, mapper.group());
        headers.put(RedisStreamsConstants.CONSUMER_NAME, consumerName);
        headers.put(RedisStreamsConstants.TIMESTAMP, id.getTime());
        headers.put(RedisStreamsConstants.FIELDS, fields);
        headers.put(RedisStreamsConstants.DELIVERY_COUNT, deliveryCount);
        headers.put(RedisStreamsConstants.REDELIVERED, deliveryCount > 1);
    }
}
