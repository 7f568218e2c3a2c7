package dev.camelredis.streams.consumer.reading;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.delivery.Delivery;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import dev.camelredis.streams.consumer.delivery.EntryReplies;
import dev.camelredis.streams.consumer.delivery.PendingTakeOver;
import redis.clients.jedis.Builder;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The reads of one consumer name. It first walks the consumer's own pending entries (what a previous run took but
 * never acknowledged, or what a lost reply left behind), then reads new entries ({@code >}).
 *
 * <p>The walk lists the pending IDs with XPENDING, which counts no delivery, and fetches only those this consumer does
 * not hold already: re-reading them with {@code XREADGROUP ... 0} would count a delivery for each entry still in
 * flight and hand back entries whose XACK is about to land.
 *
 * <p>A {@code >} read that fails on the connection may have been served: its entries then wait in the own pending
 * entries with one delivery counted that no route saw. The read tells the ledger, so that the walk does not count
 * another.
 */
public final class GroupRead {

    private static final StreamEntryID OWN_PENDING_START = new StreamEntryID(0, 0);
    private static final byte[] NEW_ENTRIES = { '>' };

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
    /** Parses a reply of new entries straight into deliveries (see {@link EntryReplies}). */
    private final Builder<List<Delivery>> newEntries;

    /** Where the walk of the own pending entries goes on (exclusive once past the start); null once it is done. */
    private StreamEntryID pendingCursor;
    /**
     * The highest ID this consumer name read with {@code >} or found walking its own pending entries; null before the
     * first. Entries a later {@code >} read delivers are all after it.
     */
    private StreamEntryID lastSeenId;

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
        this.newEntries = new Builder<>() {
            @Override
            public List<Delivery> build(Object reply) {
                return EntryReplies.readGroup(reply, consumerName);
            }
        };
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
        List<Delivery> fresh = read(count, blockMillis);
        // with NOACK nothing is held: there is nothing to acknowledge
        return noAck ? fresh : ledger.takeNew(fresh);
    }

    private List<Delivery> walkOwnPending(int count) {
        long snapshot = ledger.openSnapshot();
        try {
            String from = pendingCursor == OWN_PENDING_START ? "-" : "(" + pendingCursor;
            List<StreamPendingEntry> pending = client.xpending(streamKey, group,
                    XPendingParams.xPendingParams(from, "+", count).consumer(consumerName));
            if (!pending.isEmpty()) {
                seen(pending.get(pending.size() - 1).getID());
            }
            List<Delivery> taken = takeOver.take(pending, consumerName, snapshot);
            if (pending.size() < count) {
                pendingCursor = null;
                ledger.forgetLostDeliveries(consumerName);
            } else {
                pendingCursor = pending.get(pending.size() - 1).getID();
            }
            return taken;
        } finally {
            ledger.closeSnapshot(snapshot);
        }
    }

    private List<Delivery> read(int count, int blockMillis) {
        CommandArguments args = new CommandArguments(Protocol.Command.XREADGROUP).add(Protocol.Keyword.GROUP).add(groupBytes)
                .add(consumerNameBytes).add(Protocol.Keyword.COUNT).add(count);
        if (blockMillis > 0) {
            // a blocking command waits longer than the socket timeout (RedisConnectionSettings.blockingSocketTimeoutMillis)
            args.add(Protocol.Keyword.BLOCK).add(blockMillis).blocking();
        }
        if (noAck) {
            args.add(Protocol.Keyword.NOACK);
        }
        args.add(Protocol.Keyword.STREAMS).key(streamKeyBytes).add(NEW_ENTRIES);
        List<Delivery> fresh;
        try {
            fresh = client.executeCommand(new CommandObject<>(args, newEntries));
        } catch (RuntimeException e) {
            if (!noAck && RedisErrors.isConnectionFailure(e)) {
                ledger.newReadLost(consumerName, lastSeenId);
            }
            throw e;
        }
        if (!fresh.isEmpty()) {
            seen(fresh.get(fresh.size() - 1).id());
        }
        return fresh;
    }

    private void seen(StreamEntryID id) {
        if (lastSeenId == null || id.compareTo(lastSeenId) > 0) {
            lastSeenId = id;
        }
    }

    /** Whether the next read walks the own pending entries. */
    public boolean walking() {
        return pendingCursor != null;
    }

    public String consumerName() {
        return consumerName;
    }
}
