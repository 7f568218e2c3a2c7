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

    private final Map<StreamEntryID, String> holders = new ConcurrentHashMap<>();

    /**
     * @return false when the entry is in flight already
     */
    boolean add(StreamEntryID id, String consumerName) {
        return holders.putIfAbsent(id, consumerName) == null;
    }

    void remove(StreamEntryID id) {
        holders.remove(id);
    }

    int size() {
        return holders.size();
    }

    /**
     * A snapshot of the entries in flight, grouped by the consumer name that holds them.
     */
    Map<String, List<StreamEntryID>> byConsumer() {
        Map<String, List<StreamEntryID>> grouped = new HashMap<>();
        holders.forEach((id, consumer) -> grouped.computeIfAbsent(consumer, name -> new ArrayList<>()).add(id));
        return grouped;
    }
}
