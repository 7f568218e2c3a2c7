package dev.camelredis.streams;

import org.apache.camel.spi.Metadata;

/**
 * Names of the message headers of the redis-streams component.
 */
public final class RedisStreamsConstants {

    @Metadata(label = "consumer", description = "The key of the stream the entry was read from (with shards, the shard's key).",
              javaType = "String")
    public static final String STREAM_KEY = "CamelRedisStreamsStreamKey";

    @Metadata(description = "The entry ID. Consumer: the ID of the entry read. Producer: after XADD, the ID Redis"
                            + " assigned, and for a List body the List of IDs (null for entries Redis refused); XADD never"
                            + " reads it, so an exchange read from one stream can be sent to another as it is. XDEL and"
                            + " XCLAIM take it as their one entry ID when CamelRedisStreamsIds is not set.",
              javaType = "String")
    public static final String MESSAGE_ID = "CamelRedisStreamsMessageId";

    @Metadata(label = "producer",
              description = "XADD: the ID to add the entry with instead of letting Redis assign one, for example"
                            + " 1700000000000-0; it must be greater than the stream's last ID. Removed from the message"
                            + " once the entry is added (a failed exchange keeps it for a retry); not allowed with a List"
                            + " body.",
              javaType = "String")
    public static final String EXPLICIT_ID = "CamelRedisStreamsExplicitId";

    @Metadata(label = "producer",
              description = "With shards greater than 1: the key whose stable hash picks the shard, so that the entries of one"
                            + " key land on one shard and keep their order. Without it, shards are used in turn.",
              javaType = "String")
    public static final String PARTITION_KEY = "CamelRedisStreamsPartitionKey";

    @Metadata(description = "Consumer: the consumer group the entry was read through. Producer: the group of XPENDING,"
                            + " XCLAIM, XINFO_CONSUMERS and the XGROUP operations, instead of the option group.",
              javaType = "String")
    public static final String GROUP = "CamelRedisStreamsGroup";

    @Metadata(description = "Consumer: the name of the group consumer that read the entry. Producer: the consumer of"
                            + " XCLAIM (the new owner) and XGROUP_DELCONSUMER, instead of the option consumerName; with"
                            + " XPENDING and CamelRedisStreamsCount, list only this consumer's entries.",
              javaType = "String")
    public static final String CONSUMER_NAME = "CamelRedisStreamsConsumerName";

    @Metadata(label = "consumer", description = "The milliseconds part of the entry ID: when Redis added the entry.",
              javaType = "long")
    public static final String TIMESTAMP = "CamelRedisStreamsTimestamp";

    @Metadata(label = "consumer",
              description = "All fields of the entry, in stream order (with propagateHeaders, the camel-header: fields are headers instead). Values are Strings, or byte arrays when they are not valid UTF-8.",
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

    @Metadata(label = "producer",
              description = "The operation for this message, instead of the option operation: XADD, XLEN, XRANGE, XREVRANGE,"
                            + " XDEL, XTRIM, XPENDING, XCLAIM, XINFO_STREAM, XINFO_GROUPS, XINFO_CONSUMERS, XGROUP_CREATE,"
                            + " XGROUP_DESTROY, XGROUP_SETID or XGROUP_DELCONSUMER (the enum or its name).",
              javaType = "dev.camelredis.streams.RedisStreamsOperation")
    public static final String OPERATION = "CamelRedisStreamsOperation";

    @Metadata(label = "producer",
              description = "XRANGE, XREVRANGE and XPENDING: the lowest ID of the range, inclusive (default: from"
                            + " the first entry); prefix it with ( to exclude it.",
              javaType = "String")
    public static final String START = "CamelRedisStreamsStart";

    @Metadata(label = "producer",
              description = "XRANGE, XREVRANGE and XPENDING: the highest ID of the range, inclusive (default: up"
                            + " to the last entry); prefix it with ( to exclude it.",
              javaType = "String")
    public static final String END = "CamelRedisStreamsEnd";

    @Metadata(label = "producer",
              description = "XRANGE and XREVRANGE: the most entries to return (default: all of the range). XPENDING:"
                            + " list up to this many pending entries instead of returning the summary.",
              javaType = "Integer")
    public static final String COUNT = "CamelRedisStreamsCount";

    @Metadata(label = "producer",
              description = "XCLAIM: claim only entries idle for at least this long (default 0). XPENDING with"
                            + " CamelRedisStreamsCount: list only entries idle for at least this long. Milliseconds, a"
                            + " Duration or a text such as 30s.",
              javaType = "long")
    public static final String MIN_IDLE_TIME = "CamelRedisStreamsMinIdleTime";

    @Metadata(label = "producer",
              description = "XDEL and XCLAIM: the entry IDs, as a List or array of IDs or a comma-separated text, such as"
                            + " 1700000000000-0,1700000000000-1. Without it, CamelRedisStreamsMessageId gives one ID.",
              javaType = "java.util.List<String>")
    public static final String IDS = "CamelRedisStreamsIds";

    @Metadata(label = "producer",
              description = "XTRIM: keep at most this many entries (MAXLEN), instead of the options maxLen and maxAge.",
              javaType = "long")
    public static final String MAX_LEN = "CamelRedisStreamsMaxLen";

    @Metadata(label = "producer",
              description = "XTRIM: remove the entries with an ID lower than this one (MINID), instead of the options"
                            + " maxLen and maxAge.",
              javaType = "String")
    public static final String MIN_ID = "CamelRedisStreamsMinId";

    @Metadata(label = "producer",
              description = "XGROUP_CREATE: where the new group starts, $ (only new entries), 0 (the whole stream) or an"
                            + " entry ID (default: the option startId). XGROUP_SETID: the group's new last delivered ID"
                            + " (required).",
              javaType = "String")
    public static final String START_ID = "CamelRedisStreamsStartId";

    @Metadata(label = "producer",
              description = "XGROUP_CREATE: create the stream when it does not exist (MKSTREAM). Default: true, or false"
                            + " with the option noMkStream=true.",
              javaType = "boolean")
    public static final String MK_STREAM = "CamelRedisStreamsMkStream";

    private RedisStreamsConstants() {
    }
}
