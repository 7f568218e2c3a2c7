package dev.camelredis.streams.consumer.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import redis.clients.jedis.StreamEntryID;

/**
 * The last error message of entries whose exchange failed here, so that a dead letter can say why. Bounded: the
 * oldest are forgotten first.
 */
public final class FailureMemory {

    private static final int CAPACITY = 10_000;

    private final Map<StreamEntryID, String> lastErrors = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamEntryID, String> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void failed(StreamEntryID id, Throwable error) {
        lastErrors.put(id, error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    public synchronized String lastError(StreamEntryID id) {
        return lastErrors.get(id);
    }

    public synchronized void forget(StreamEntryID id) {
        lastErrors.remove(id);
    }
}
