package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The true delivery counts of entries that were delivered before (re-read or claimed), from XPENDING: one exact
 * lookup per entry, pipelined. A range lookup over the batch could return other pending entries of the consumer that
 * lie in between (its own in-flight ones) and miss some of the batch.
 */
final class PendingCounts {

    private PendingCounts() {
    }

    static List<Delivery> deliveries(UnifiedJedis client, String streamKey, String group, String consumerName,
                                     List<StreamEntryBinary> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Response<List<StreamPendingEntry>>> lookups = new ArrayList<>(entries.size());
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (StreamEntryBinary entry : entries) {
                lookups.add(pipeline.xpending(streamKey, group,
                        XPendingParams.xPendingParams(entry.getID(), entry.getID(), 1)));
            }
            pipeline.sync();
        }
        List<Delivery> deliveries = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            StreamEntryBinary entry = entries.get(i);
            List<StreamPendingEntry> pending = lookups.get(i).get();
            // an entry missing from XPENDING was acked meanwhile: the count no longer matters, 2 marks a redelivery
            long count = pending.isEmpty() ? 2L : pending.get(0).getDeliveredTimes();
            deliveries.add(new Delivery(entry.getID(), entry.getFields(), count, consumerName));
        }
        return deliveries;
    }
}
