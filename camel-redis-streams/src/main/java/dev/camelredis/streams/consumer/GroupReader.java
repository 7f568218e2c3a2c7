package dev.camelredis.streams.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * XREADGROUP for one consumer name. It first walks the consumer's own pending entries (ID 0 onwards: what a previous
 * run took but never acknowledged), then reads new entries ({@code >}).
 */
final class GroupReader {

    private static final StreamEntryID OWN_PENDING_START = new StreamEntryID(0, 0);

    private final UnifiedJedis client;
    private final String streamKey;
    private final byte[] streamKeyBytes;
    private final String group;
    private final byte[] groupBytes;
    private final String consumerName;
    private final byte[] consumerNameBytes;
    private final boolean noAck;

    /** Where the walk of the own pending entries goes on; null once they are all read. */
    private StreamEntryID pendingCursor;

    GroupReader(UnifiedJedis client, String streamKey, String group, String consumerName, boolean noAck) {
        this.client = client;
        this.streamKey = streamKey;
        this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
        this.group = group;
        this.groupBytes = group.getBytes(StandardCharsets.UTF_8);
        this.consumerName = consumerName;
        this.consumerNameBytes = consumerName.getBytes(StandardCharsets.UTF_8);
        this.noAck = noAck;
        readOwnPendingFirst();
    }

    /**
     * Makes the next reads walk this consumer's pending entries again: at start, and after a failure that may have
     * lost the reply of a read (Redis then holds entries for us that we never saw).
     */
    void readOwnPendingFirst() {
        pendingCursor = noAck ? null : OWN_PENDING_START;
    }

    /**
     * The next entries, at most count: own pending ones while there are any, else new ones, waiting up to
     * blockMillis for them.
     *
     * @return the entries, empty when none came in time
     */
    List<Delivery> next(int count, int blockMillis) {
        if (pendingCursor != null) {
            List<StreamEntryBinary> pending = read(pendingCursor, count, 0);
            if (!pending.isEmpty()) {
                pendingCursor = pending.get(pending.size() - 1).getID();
                return PendingCounts.deliveries(client, streamKey, group, consumerName, pending);
            }
            pendingCursor = null;
        }
        List<StreamEntryBinary> fresh = read(StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY, count, blockMillis);
        List<Delivery> deliveries = new ArrayList<>(fresh.size());
        for (StreamEntryBinary entry : fresh) {
            deliveries.add(new Delivery(entry.getID(), entry.getFields(), 1, consumerName));
        }
        return deliveries;
    }

    private List<StreamEntryBinary> read(StreamEntryID from, int count, int blockMillis) {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
        if (blockMillis > 0) {
            params.block(blockMillis);
        }
        if (noAck) {
            params.noAck();
        }
        List<Map.Entry<byte[], List<StreamEntryBinary>>> reply
                = client.xreadGroupBinary(groupBytes, consumerNameBytes, params, Map.of(streamKeyBytes, from));
        // Jedis answers null when BLOCK timed out
        if (reply == null || reply.isEmpty()) {
            return List.of();
        }
        return reply.get(0).getValue();
    }

    String consumerName() {
        return consumerName;
    }
}
