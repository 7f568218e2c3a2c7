package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import redis.clients.jedis.StreamEntryID;

/**
 * The entries of one consumer that are being processed or waiting for their XACK, with the group consumer that holds
 * each. A re-read or a claim of an entry in here is not routed again, and the renewer keeps these entries from
 * looking idle to other consumers.
 */
final class InFlightEntries {

    /** Keyed by the ID's two numbers: Jedis' StreamEntryID.hashCode() builds a String on every call. */
    private record Key(long time, long sequence) {
        static Key of(StreamEntryID id) {
            return new Key(id.getTime(), id.getSequence());
        }
    }

    private record Held(StreamEntryID id, String consumerName) {
    }

    private final Map<Key, Held> entries = new ConcurrentHashMap<>();

    /**
     * @return false when the entry is in flight already
     */
    boolean add(StreamEntryID id, String consumerName) {
        return entries.putIfAbsent(Key.of(id), new Held(id, consumerName)) == null;
    }

    void remove(StreamEntryID id) {
        entries.remove(Key.of(id));
    }

    int size() {
        return entries.size();
    }

    /**
     * A snapshot of the entries in flight, grouped by the consumer name that holds them.
     */
    Map<String, List<StreamEntryID>> byConsumer() {
        Map<String, List<StreamEntryID>> grouped = new HashMap<>();
        for (Held held : entries.values()) {
            grouped.computeIfAbsent(held.consumerName(), name -> new ArrayList<>()).add(held.id());
        }
        return grouped;
    }
}
