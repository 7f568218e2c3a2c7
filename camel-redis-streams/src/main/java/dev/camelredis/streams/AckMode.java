package dev.camelredis.streams;

/**
 * When a consumed entry is acknowledged (XACK) in its consumer group.
 */
public enum AckMode {
    /** XACK once the exchange completed successfully; a failed exchange stays pending (at least once). */
    AUTO,
    /** The route acknowledges through the {@link RedisStreamsAcknowledgement} in the acknowledgement header. */
    MANUAL,
    /** XREADGROUP with NOACK: entries never enter the pending list (at most once). */
    NONE
}
