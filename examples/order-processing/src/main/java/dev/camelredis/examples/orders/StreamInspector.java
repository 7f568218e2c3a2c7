package dev.camelredis.examples.orders;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.camelredis.examples.orders.OrderProcessingResult.DeadLetter;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * What Redis itself says about the orders stream, read with a client of our own rather than taken from the
 * component: each group's lag (XINFO GROUPS) and pending entries (XPENDING), and the dead-letter stream (XRANGE).
 */
final class StreamInspector {

    /** A page of XPENDING far larger than what one consumer of this example can hold. */
    private static final int PENDING_PAGE = 10_000;

    /**
     * @param lag               entries of the stream not yet delivered to the group; null when Redis cannot tell
     *                          (before Redis 7, or after entries were deleted)
     * @param pendingByConsumer pending entries per consumer name
     */
    record GroupState(String name, Long lag, long pending, Map<String, Long> pendingByConsumer) {
    }

    private final UnifiedJedis redis;

    StreamInspector(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** The groups of the orders stream by name; a group that was not created yet is missing. */
    Map<String, GroupState> groups() {
        Map<String, GroupState> groups = new TreeMap<>();
        if (!redis.exists(OrderRoutes.STREAM)) {
            return groups; // XINFO GROUPS fails on a missing key
        }
        for (StreamGroupInfo info : redis.xinfoGroups(OrderRoutes.STREAM)) {
            Object lag = info.getGroupInfo().get("lag");
            StreamPendingSummary pending = redis.xpending(OrderRoutes.STREAM, info.getName());
            // Jedis gives no per-consumer map, rather than an empty one, when nothing is pending
            Map<String, Long> byConsumer = pending.getConsumerMessageCount();
            groups.put(info.getName(), new GroupState(info.getName(), lag instanceof Number n ? n.longValue() : null,
                    pending.getTotal(), byConsumer == null ? Map.of() : Map.copyOf(byConsumer)));
        }
        return groups;
    }

    /** The IDs of the entries pending under one consumer of a group: delivered to it and not acknowledged. */
    List<String> pendingEntryIds(String group, String consumer) {
        List<StreamPendingEntry> pending = redis.xpending(OrderRoutes.STREAM, group,
                XPendingParams.xPendingParams("-", "+", PENDING_PAGE).consumer(consumer));
        return pending.stream().map(entry -> entry.getID().toString()).toList();
    }

    List<DeadLetter> deadLetters() {
        List<StreamEntry> entries = redis.xrange(OrderRoutes.DEAD_LETTER_STREAM, "-", "+");
        return entries.stream().map(entry -> {
            Map<String, String> fields = entry.getFields();
            return new DeadLetter(fields.get("dlq-group"), Orders.orderId(fields), fields.get("dlq-source-id"),
                    fields.get("dlq-consumer"), fields.get("dlq-deliveries"), fields.get("dlq-error"));
        }).toList();
    }
}
