package dev.camelredis.streams.consumer;

import dev.camelredis.streams.health.LoopHealth;
import java.util.function.Consumer;

import dev.camelredis.streams.RedisStreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exponential backoff for a loop that talks to Redis, which reports each new kind of failure once (not on every
 * retry), logs when the loop recovers, and keeps the consumer's health up to date. Readers of one key share some
 * (the reclaimer's, the dead letters'), so it is thread-safe.
 */
public final class ErrorBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorBackoff.class);

    private final String what;
    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private final Consumer<RedisStreamsException> reporter;
    private final LoopHealth health;

    private long nextDelayMillis;
    private String lastReported;
    private int failures;

    /**
     * @param what     the loop, for logs: "reader events:orders/g/c-1"
     * @param reporter gets each new failure, for example the consumer's exception handler
     * @param health   learns of every failure and recovery
     */
    public ErrorBackoff(String what, long initialDelayMillis, long maxDelayMillis, Consumer<RedisStreamsException> reporter,
                 LoopHealth health) {
        this.what = what;
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.reporter = reporter;
        this.health = health;
        this.nextDelayMillis = initialDelayMillis;
    }

    /**
     * Records a failure and returns how long to wait before the next try.
     */
    public synchronized long onFailure(RedisStreamsException error) {
        failures++;
        health.failed(what, error.getMessage());
        if (!error.getMessage().equals(lastReported)) {
            lastReported = error.getMessage();
            report(error);
        } else {
            LOG.debug("{} failed again ({} in a row): {}", what, failures, error.getMessage());
        }
        long delay = nextDelayMillis;
        nextDelayMillis = Math.min(maxDelayMillis, nextDelayMillis * 2);
        return delay;
    }

    /** A reporter that throws (a user's exception handler, say) must not end the loop that reports. */
    private void report(RedisStreamsException error) {
        try {
            reporter.accept(error);
        } catch (Throwable e) {
            LOG.error("The exception handler failed on: {}", error.getMessage(), e);
        }
    }

    public synchronized void onSuccess() {
        if (failures > 0) {
            LOG.info("{} works again after {} failed attempt(s)", what, failures);
            health.recovered(what);
            failures = 0;
            lastReported = null;
            nextDelayMillis = initialDelayMillis;
        }
    }
}
