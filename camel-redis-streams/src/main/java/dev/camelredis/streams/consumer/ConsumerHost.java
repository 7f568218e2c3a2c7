package dev.camelredis.streams.consumer;

import org.apache.camel.Exchange;

/**
 * What the parts of a consumer (its loops, dispatchers and shard ownership) need from the Camel consumer they serve,
 * so that none of them depends on the whole {@link RedisStreamsConsumer}.
 */
public interface ConsumerHost {

    /** False once the consumer stops: every loop ends then. */
    boolean isRunAllowed();

    /** Waits between two tries of a loop, but no longer than the consumer runs. */
    void pauseWhileRunning(long millis);

    /** The endpoint, for messages (password masked). */
    String describe();

    /** A new exchange for one entry. */
    Exchange newExchange();

    /**
     * Routes the exchange asynchronously; {@code returned} runs when the route hands the exchange back (before
     * Camel's own completion handling).
     */
    void route(Exchange exchange, Runnable returned);
}
