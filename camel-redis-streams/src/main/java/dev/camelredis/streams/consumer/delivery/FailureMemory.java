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

    private final Map<EntryKey, String> lastErrors = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EntryKey, String> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Read without the lock: every completed entry is forgotten, and the memory is empty unless entries failed. */
    private volatile boolean empty = true;

    public synchronized void failed(StreamEntryID id, Throwable error) {
        lastErrors.put(EntryKey.of(id),
                error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage());
        empty = false;
    }

    public synchronized String lastError(StreamEntryID id) {
        return lastErrors.get(EntryKey.of(id));
    }

    public void forget(StreamEntryID id) {
        if (empty) {
            return;
        }
        synchronized (this) {
            lastErrors.remove(EntryKey.of(id));
            empty = lastErrors.isEmpty();
        }
    }
}
