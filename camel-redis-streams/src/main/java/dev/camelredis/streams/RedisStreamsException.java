package dev.camelredis.streams;

import org.apache.camel.RuntimeCamelException;

/**
 * A failure of a Redis Streams command, with a message that names the endpoint, the cause and what to do.
 */
public class RedisStreamsException extends RuntimeCamelException {

    public RedisStreamsException(String message) {
        super(message);
    }

    public RedisStreamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
