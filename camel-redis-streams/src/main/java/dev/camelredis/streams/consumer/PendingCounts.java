package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The true delivery counts of entries that were delivered before (re-read or claimed), from XPENDING: one call per
 * batch, over the ID range of the batch.
 */
final class PendingCounts {

    private PendingCounts() {
    }

    static List<Delivery> deliveries(UnifiedJedis client, String streamKey, String group, String consumerName,
                                     List<StreamEntryBinary> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<StreamPendingEntry> pending = client.xpending(streamKey, group,
                XPendingParams.xPendingParams(entries.get(0).getID(), entries.get(entries.size() - 1).getID(), entries.size())
                        .consumer(consumerName));
        Map<StreamEntryID, Long> counts = new HashMap<>();
        for (StreamPendingEntry entry : pending) {
            counts.put(entry.getID(), entry.getDeliveredTimes());
        }
        List<Delivery> deliveries = new ArrayList<>(entries.size());
        for (StreamEntryBinary entry : entries) {
            // an entry missing from XPENDING was acked meanwhile: the count no longer matters, 2 marks a redelivery
            deliveries.add(new Delivery(entry.getID(), entry.getFields(), counts.getOrDefault(entry.getID(), 2L),
                    consumerName));
        }
        return deliveries;
    }
}
