package dev.camelredis.streams.connection;

import redis.clients.jedis.UnifiedJedis;

/**
 * A client an endpoint uses, with a description of the server that is safe to log, and the way to give it back.
 */
public final class RedisConnection implements AutoCloseable {

    private final UnifiedJedis client;
    private final String description;
    private final Runnable release;
    private boolean closed;

    RedisConnection(UnifiedJedis client, String description, Runnable release) {
        this.client = client;
        this.description = description;
        this.release = release;
    }

    public UnifiedJedis client() {
        return client;
    }

    /**
     * Whether the client has reached Redis since the endpoint started. A client of the component connects on first
     * use; a user's client counts as connected, its state is the user's.
     */
    public boolean isConnected() {
        return !(client instanceof OnDemandClient onDemand) || onDemand.isOpen();
    }

    /**
     * The server (masked URI) or the user's client: safe to put in logs and errors.
     */
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
