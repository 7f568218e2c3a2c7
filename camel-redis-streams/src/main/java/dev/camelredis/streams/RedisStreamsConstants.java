package dev.camelredis.streams;

import org.apache.camel.spi.Metadata;

/**
 * Names of the message headers of the redis-streams component.
 */
public final class RedisStreamsConstants {

    @Metadata(description = "The key of the stream the entry was read from or added to.", javaType = "String")
    public static final String STREAM_KEY = "CamelRedisStreamsStreamKey";

    @Metadata(description = "The entry ID. Consumer: the ID of the entry read. Producer: when set on the way in,"
                            + " the explicit ID for XADD (for example 1700000000000-0); on the way out, the ID Redis assigned.",
              javaType = "String")
    public static final String MESSAGE_ID = "CamelRedisStreamsMessageId";

    @Metadata(label = "consumer", description = "The consumer group the entry was read through.", javaType = "String")
    public static final String GROUP = "CamelRedisStreamsGroup";

    @Metadata(label = "consumer", description = "The name of the group consumer that read the entry.",
              javaType = "String")
    public static final String CONSUMER_NAME = "CamelRedisStreamsConsumerName";

    @Metadata(label = "consumer", description = "The milliseconds part of the entry ID: when Redis added the entry.",
              javaType = "long")
    public static final String TIMESTAMP = "CamelRedisStreamsTimestamp";

    @Metadata(label = "consumer",
              description = "All fields of the entry, in stream order. Values are Strings, or byte arrays when they are not valid UTF-8.",
              javaType = "java.util.Map<String, Object>")
    public static final String FIELDS = "CamelRedisStreamsFields";

    @Metadata(label = "consumer", description = "How many times the entry has been delivered to the group: 1 on a first delivery.",
              javaType = "long")
    public static final String DELIVERY_COUNT = "CamelRedisStreamsDeliveryCount";

    @Metadata(label = "consumer",
              description = "True when the entry was delivered before (claimed from another consumer, or re-read after a"
                            + " restart): the route may have seen it already.",
              javaType = "boolean")
    public static final String REDELIVERED = "CamelRedisStreamsRedelivered";

    @Metadata(label = "consumer",
              description = "With ackMode=MANUAL: call ack() on this object to acknowledge the entry (XACK).",
              javaType = "dev.camelredis.streams.RedisStreamsAcknowledgement")
    public static final String ACKNOWLEDGEMENT = "CamelRedisStreamsAcknowledgement";

    private RedisStreamsConstants() {
    }
}
