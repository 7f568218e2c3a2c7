package dev.camelredis.streams.producer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsEndpoint;
import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import redis.clients.jedis.params.XAddParams;

/**
 * Appends the message to the stream (XADD), trimming as configured, and returns the new entry's ID in the header
 * CamelRedisStreamsMessageId.
 */
public class RedisStreamsProducer extends DefaultProducer {

    private final byte[] streamKey;
    private final EntryFields entryFields;

    public RedisStreamsProducer(RedisStreamsEndpoint endpoint) {
        super(endpoint);
        this.streamKey = endpoint.getStreamKey().getBytes(StandardCharsets.UTF_8);
        this.entryFields = new EntryFields(endpoint.getConfiguration().getPayloadField());
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Map<byte[], byte[]> fields = entryFields.of(exchange);
        String explicitId = exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
        byte[] id;
        try {
            id = getEndpoint().client().xadd(streamKey, addParams(explicitId), fields);
        } catch (RuntimeException e) {
            throw describe(e, explicitId);
        }
        if (id == null) {
            throw new RedisStreamsException(
                    "Stream '" + getEndpoint().getStreamKey() + "' of " + getEndpoint().describe()
                                            + " does not exist and noMkStream=true: create the stream first or set noMkStream=false");
        }
        exchange.getMessage().setHeader(RedisStreamsConstants.MESSAGE_ID, new String(id, StandardCharsets.US_ASCII));
    }

    private XAddParams addParams(String explicitId) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        XAddParams params = XAddParams.xAddParams();
        if (explicitId != null) {
            params.id(explicitId);
        }
        if (configuration.isNoMkStream()) {
            params.noMkStream();
        }
        if (configuration.getMaxLen() > 0) {
            params.maxLen(configuration.getMaxLen());
        } else if (configuration.getMaxAge() > 0) {
            params.minId(String.valueOf(System.currentTimeMillis() - configuration.getMaxAge()));
        } else {
            return params;
        }
        return configuration.isApproximateTrimming() ? params.approximateTrimming() : params.exactTrimming();
    }

    private RedisStreamsException describe(RuntimeException error, String explicitId) {
        RedisStreamsException described
                = RedisErrors.describe(error, getEndpoint().describe(), getEndpoint().getStreamKey(), null);
        if (explicitId == null || !String.valueOf(error.getMessage()).contains("ID specified in XADD")) {
            return described;
        }
        return new RedisStreamsException(described.getMessage() + ". The header " + RedisStreamsConstants.MESSAGE_ID
                                         + " asked for ID " + explicitId + "; when forwarding entries read from a stream,"
                                         + " remove that header so that Redis assigns a new ID",
                error);
    }
}
