package dev.camelredis.streams.consumer.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.ConsumerCounters;
import dev.camelredis.streams.consumer.ErrorBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Decides, entry by entry, what becomes of pending entries that a walk of the own pending list or a reclaim pass saw
 * in XPENDING, which counts no delivery: held here already (skipped), routed maxDeliveries times (dead-lettered, in a
 * script that reads the entry itself), or to be routed (claimed with XCLAIM, which counts the one delivery the route
 * is about to get). A dead letter that cannot be written concerns its entry only: it stays pending and the others go
 * on.
 */
public final class PendingTakeOver {

    private static final Logger LOG = LoggerFactory.getLogger(PendingTakeOver.class);

    private final UnifiedJedis client;
    private final String streamKey;
    private final byte[] streamKeyBytes;
    private final byte[] groupBytes;
    private final String group;
    private final String endpoint;
    private final DeliveryLedger ledger;
    private final ConsumerCounters counters;
    private final int maxDeliveries;
    private final DeadLetters deadLetters;
    private final FailureMemory failures;
    private final ErrorBackoff deadLetterBackoff;

    /**
     * @param deadLetters       null when maxDeliveries is 0
     * @param deadLetterBackoff reports dead letters that cannot be written
     */
    public PendingTakeOver(UnifiedJedis client, String streamKey, String group, String endpoint, DeliveryLedger ledger,
                    ConsumerCounters counters, int maxDeliveries, DeadLetters deadLetters, FailureMemory failures,
                    ErrorBackoff deadLetterBackoff) {
        this.client = client;
        this.streamKey = streamKey;
        this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
        this.group = group;
        this.groupBytes = group.getBytes(StandardCharsets.UTF_8);
        this.endpoint = endpoint;
        this.ledger = ledger;
        this.counters = counters;
        this.maxDeliveries = maxDeliveries;
        this.deadLetters = deadLetters;
        this.failures = failures;
        this.deadLetterBackoff = deadLetterBackoff;
    }

    /**
     * Takes what may be taken of the pending entries seen in the snapshot, for consumerName.
     *
     * @return the entries to route now, held in the ledger
     */
    public List<Delivery> take(List<StreamPendingEntry> seen, String consumerName, long snapshot) {
        // the delivery count each entry to claim shows once claimed, in the order seen
        Map<StreamEntryID, Long> countsOnClaim = new LinkedHashMap<>();
        // XCLAIM counts one delivery, unless told the count: then for the entries whose last delivery was lost
        Map<Long, List<StreamEntryID>> byCountToKeep = new TreeMap<>();
        List<StreamEntryID> counting = new ArrayList<>();
        long minIdle = Long.MAX_VALUE;
        for (StreamPendingEntry entry : seen) {
            StreamEntryID id = entry.getID();
            if (!ledger.isFree(id, snapshot)) {
                continue;
            }
            // a delivery whose reply a connection failure lost reached no route: it is not counted again
            boolean lost = consumerName.equals(entry.getConsumerName())
                    && ledger.accountForLostDelivery(consumerName, id, entry.getDeliveredTimes());
            long routed = entry.getDeliveredTimes() - (lost ? 1 : 0);
            if (maxDeliveries > 0 && routed >= maxDeliveries) {
                deadLetter(entry, routed, consumerName);
            } else if (ledger.takeFromSnapshot(id, consumerName, snapshot)) {
                countsOnClaim.put(id, routed + 1);
                if (lost) {
                    byCountToKeep.computeIfAbsent(routed + 1, count -> new ArrayList<>()).add(id);
                } else {
                    counting.add(id);
                }
                minIdle = Math.min(minIdle, entry.getIdleTime());
            }
        }
        if (countsOnClaim.isEmpty()) {
            return List.of();
        }
        Map<StreamEntryID, List<?>> claimed = new HashMap<>();
        try {
            // only entries still as idle as they were seen: one touched since is another consumer's now
            claim(consumerName, minIdle, counting, null, claimed);
            for (Map.Entry<Long, List<StreamEntryID>> keep : byCountToKeep.entrySet()) {
                claim(consumerName, minIdle, keep.getValue(), keep.getKey(), claimed);
            }
        } catch (RuntimeException e) {
            // a lost reply, or a second XCLAIM that failed after the first went through: entries claimed, not routed
            ledger.claimLost(consumerName, countsOnClaim);
            countsOnClaim.keySet().forEach(ledger::release);
            throw e;
        }
        List<Delivery> deliveries = new ArrayList<>(claimed.size());
        List<StreamEntryID> deleted = new ArrayList<>();
        List<StreamEntryID> missing = new ArrayList<>();
        countsOnClaim.forEach((id, count) -> {
            List<?> entry = claimed.get(id);
            if (entry == null) {
                // gone, or taken by another consumer since it was seen
                ledger.release(id);
                missing.add(id);
            } else if (entry.get(1) == null) {
                // Redis 6.2 hands out pending entries whose data is gone with nil fields: acknowledge, nothing to route
                deleted.add(id);
            } else {
                deliveries.add(new Delivery(id, EntryReplies.fields(entry.get(1)), count, consumerName));
            }
        });
        if (!deleted.isEmpty()) {
            try {
                client.xack(streamKey, group, deleted.toArray(new StreamEntryID[0]));
            } catch (RuntimeException e) {
                deleted.forEach(ledger::release);
                throw e;
            }
            ledger.settled(deleted);
            counters.deletedWhilePending(deleted.size());
        }
        countDeleted(missing);
        return deliveries;
    }

    /**
     * XCLAIMs ids for consumerName and adds each claimed entry to claimed, by its ID.
     *
     * @param countToSet the delivery count to give the entries (RETRYCOUNT), or null to count one delivery
     */
    private void claim(String consumerName, long minIdle, List<StreamEntryID> ids, Long countToSet,
                Map<StreamEntryID, List<?>> claimed) {
        if (ids.isEmpty()) {
            return;
        }
        List<byte[]> args = new ArrayList<>();
        args.add(streamKeyBytes);
        args.add(groupBytes);
        args.add(consumerName.getBytes(StandardCharsets.UTF_8));
        args.add(String.valueOf(minIdle).getBytes(StandardCharsets.US_ASCII));
        for (StreamEntryID id : ids) {
            args.add(id.toString().getBytes(StandardCharsets.US_ASCII));
        }
        if (countToSet != null) {
            args.add(Protocol.Keyword.RETRYCOUNT.getRaw());
            args.add(String.valueOf(countToSet).getBytes(StandardCharsets.US_ASCII));
        }
        List<?> reply = (List<?>) client.sendCommand(streamKeyBytes, Protocol.Command.XCLAIM, args.toArray(new byte[0][]));
        for (Object item : reply) {
            if (item != null) {
                List<?> entry = (List<?>) item;
                claimed.put(EntryReplies.id((byte[]) entry.get(0)), entry);
            }
        }
    }

    /**
     * Redis 7 drops the pending entries whose data is gone from XCLAIM's reply (and from the group); the others missing
     * were taken by another consumer meanwhile. Looked up only when something is missing, which is rare.
     */
    private void countDeleted(List<StreamEntryID> missing) {
        List<Response<List<StreamEntry>>> lookups = new ArrayList<>();
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (StreamEntryID id : missing) {
                lookups.add(pipeline.xrange(streamKey, id, id, 1));
            }
            if (lookups.isEmpty()) {
                return;
            }
            pipeline.sync();
        }
        long gone = lookups.stream().filter(lookup -> lookup.get().isEmpty()).count();
        if (gone > 0) {
            LOG.debug("{} pending entries of {}/{} were deleted before they were processed", gone, streamKey, group);
            counters.deletedWhilePending(gone);
        }
    }

    private void deadLetter(StreamPendingEntry entry, long routed, String consumerName) {
        StreamEntryID id = entry.getID();
        try {
            DeadLetters.Outcome outcome = deadLetters.move(id, consumerName, entry.getDeliveredTimes(), routed,
                    failures.lastError(id));
            deadLetterBackoff.onSuccess();
            failures.forget(id);
            if (outcome == DeadLetters.Outcome.MOVED) {
                counters.deadLettered();
                LOG.warn("Entry {} of {} was delivered {} times (maxDeliveries={}): moved to the dead-letter stream {}",
                        id, streamKey, routed, maxDeliveries, deadLetters.deadLetterStream());
            } else if (outcome == DeadLetters.Outcome.DELETED) {
                counters.deletedWhilePending(1);
            }
        } catch (RuntimeException e) {
            // this entry stays pending, untouched; the next pass tries again
            deadLetterBackoff.onFailure(RedisErrors.describe(e, endpoint, deadLetters.deadLetterStream(), group));
        }
    }
}
