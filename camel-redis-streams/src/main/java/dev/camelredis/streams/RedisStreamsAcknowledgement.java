package dev.camelredis.streams;

/**
 * Handed to routes in the header {@link RedisStreamsConstants#ACKNOWLEDGEMENT} when {@code ackMode=MANUAL}.
 */
public interface RedisStreamsAcknowledgement {

    /**
     * Acknowledges the entry in its consumer group (XACK). Calling it more than once has no further effect.
     */
    void ack();
}
