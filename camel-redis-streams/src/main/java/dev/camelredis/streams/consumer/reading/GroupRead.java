package dev.camelredis.streams.consumer.reading;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.consumer.delivery.Delivery;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import dev.camelredis.streams.consumer.delivery.PendingTakeOver;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The reads of one consumer name. It first walks the consumer's own pending entries (what a previous run took but
 * never acknowledged, or what a lost reply left behind), then reads new entries ({@code >}).
 *
 * <p>The walk lists the pending IDs with XPENDING, which counts no delivery, and fetches only those this consumer does
 * not hold already: re-reading them with {@code XREADGROUP ... 0} would count a delivery for each entry still in
 * flight and hand back entries whose XACK is about to land.
 */
public final class GroupRead {

    private static final StreamEntryID OWN_PENDING_START = new StreamEntryID(0, 0);

    private final UnifiedJedis client;
    private final String streamKey;
    private final byte[] streamKeyBytes;
    private final String group;
    private final byte[] groupBytes;
    private final String consumerName;
    private final byte[] consumerNameBytes;
    private final boolean noAck;
    private final DeliveryLedger ledger;
    private final PendingTakeOver takeOver;

    /** Where the walk of the own pending entries goes on (exclusive once past the start); null once it is done. */
    private StreamEntryID pendingCursor;

    public GroupRead(UnifiedJedis client, String streamKey, String group, String consumerName, boolean noAck,
                DeliveryLedger ledger, PendingTakeOver takeOver) {
        this.client = client;
        this.streamKey = streamKey;
        this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
        this.group = group;
        this.groupBytes = group.getBytes(StandardCharsets.UTF_8);
        this.consumerName = consumerName;
        this.consumerNameBytes = consumerName.getBytes(StandardCharsets.UTF_8);
        this.noAck = noAck;
        this.ledger = ledger;
        this.takeOver = takeOver;
        readOwnPendingFirst();
    }

    /**
     * Makes the next reads walk this consumer's pending entries again: at start, and after a failure that may have
     * lost the reply of a read (Redis then holds entries for us that we never saw).
     */
    public void readOwnPendingFirst() {
        pendingCursor = noAck ? null : OWN_PENDING_START;
    }

    /**
     * The next entries to route, at most count, held in the ledger: own pending ones while the walk goes on (a page
     * may yield none when they are all in flight here), else new ones, waiting up to blockMillis for them.
     *
     * @return the entries, empty when none came in time
     */
    public List<Delivery> next(int count, int blockMillis) {
        if (pendingCursor != null) {
            return walkOwnPending(count);
        }
        List<StreamEntryBinary> fresh = read(count, blockMillis);
        List<Delivery> deliveries = new ArrayList<>(fresh.size());
        for (StreamEntryBinary entry : fresh) {
            // with NOACK nothing is held: there is nothing to acknowledge
            if (noAck || ledger.takeNew(entry.getID(), consumerName)) {
                deliveries.add(new Delivery(entry.getID(), entry.getFields(), 1, consumerName));
            }
        }
        return deliveries;
    }

    private List<Delivery> walkOwnPending(int count) {
        long snapshot = ledger.openSnapshot();
        try {
            String from = pendingCursor == OWN_PENDING_START ? "-" : "(" + pendingCursor;
            List<StreamPendingEntry> pending = client.xpending(streamKey, group,
                    XPendingParams.xPendingParams(from, "+", count).consumer(consumerName));
            if (pending.size() < count) {
                pendingCursor = null;
            } else {
                pendingCursor = pending.get(pending.size() - 1).getID();
            }
            return takeOver.take(pending, consumerName, snapshot);
        } finally {
            ledger.closeSnapshot(snapshot);
        }
    }

    private List<StreamEntryBinary> read(int count, int blockMillis) {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
        if (blockMillis > 0) {
            params.block(blockMillis);
        }
        if (noAck) {
            params.noAck();
        }
        List<Map.Entry<byte[], List<StreamEntryBinary>>> reply = client.xreadGroupBinary(groupBytes, consumerNameBytes,
                params, Map.of(streamKeyBytes, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        // Jedis answers null when BLOCK timed out
        if (reply == null || reply.isEmpty()) {
            return List.of();
        }
        return reply.get(0).getValue();
    }

    /** Whether the next read walks the own pending entries. */
    public boolean walking() {
        return pendingCursor != null;
    }

    public String consumerName() {
        return consumerName;
    }
}
