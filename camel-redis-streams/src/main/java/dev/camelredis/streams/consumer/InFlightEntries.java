package dev.camelredis.streams.consumer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import redis.clients.jedis.StreamEntryID;

/**
 * The entries of one consumer that are being processed or waiting for their XACK. A re-read of the consumer's own
 * pending entries skips them, so that no entry is routed twice by the consumer that holds it.
 */
final class InFlightEntries {

    private final Set<StreamEntryID> ids = ConcurrentHashMap.newKeySet();

    boolean add(StreamEntryID id) {
        return ids.add(id);
    }

    void remove(StreamEntryID id) {
        ids.remove(id);
    }

    int size() {
        return ids.size();
    }
}
