package dev.camelredis.testservice;

import java.time.Duration;
import java.util.function.Supplier;

import redis.clients.jedis.exceptions.JedisException;

/**
 * Polls until a group of servers reaches a state: a cluster formed, a failover done. Such states come from gossip
 * and timers inside Redis, with no event to wait for.
 */
final class Await {

    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * Runs {@code check} until it returns, and returns its result. While the state is not reached, {@code check}
     * throws {@link NotYet} saying what is missing, or a {@link JedisException}: a node may be starting, just
     * killed, or refusing a command until it has learned enough.
     *
     * @param what what is awaited, for the timeout message
     * @throws IllegalStateException after {@code timeout}, with the last reason the state was not reached
     */
    static <T> T until(String what, Duration timeout, Supplier<T> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RuntimeException notYet;
            try {
                return check.get();
            } catch (NotYet | JedisException e) {
                notYet = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms waiting until " + what
                        + "; last: " + notYet.getMessage(), notYet);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting until " + what, e);
            }
        }
    }

    /** Says why a state is not reached yet; thrown by a check given to {@link #until}. */
    static final class NotYet extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotYet(String reason) {
            // Thrown many times a second while polling: no stack trace.
            super(reason, null, false, false);
        }
    }
}
