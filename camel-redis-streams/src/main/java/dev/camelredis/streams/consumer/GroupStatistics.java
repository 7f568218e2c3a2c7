package dev.camelredis.streams.consumer;

import java.util.List;
import java.util.Map;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * The group's lag and pending entries as Redis sees them, read at most every few seconds however often JMX, the dev
 * console or a health check ask: never per entry.
 */
final class GroupStatistics {

    static final long REFRESH_MILLIS = 5000;

    /**
     * @param lag             entries of the stream not yet delivered to the group (XINFO GROUPS lag), null when Redis
     *                        cannot tell (after XDEL, or before Redis 7)
     * @param pendingByConsumer pending entries per consumer name of the group
     * @param oldestPendingIdleMillis idle time of the oldest pending entry, 0 when nothing is pending
     * @param error           why the last refresh failed, or null
     */
    record Snapshot(Long lag, long pending, Map<String, Long> pendingByConsumer, long oldestPendingIdleMillis,
                    long takenAtMillis, String error) {
    }

    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private Snapshot last;

    GroupStatistics(UnifiedJedis client, String streamKey, String group) {
        this.client = client;
        this.streamKey = streamKey;
        this.group = group;
    }

    synchronized Snapshot get() {
        long now = System.currentTimeMillis();
        if (last == null || now - last.takenAtMillis() >= REFRESH_MILLIS) {
            last = read(now);
        }
        return last;
    }

    private Snapshot read(long now) {
        try {
            Long lag = null;
            for (StreamGroupInfo info : client.xinfoGroups(streamKey)) {
                if (group.equals(info.getName())) {
                    Object value = info.getGroupInfo().get("lag");
                    lag = value instanceof Number number ? number.longValue() : null;
                }
            }
            StreamPendingSummary summary = client.xpending(streamKey, group);
            long oldestIdle = 0;
            if (summary.getTotal() > 0) {
                List<StreamPendingEntry> oldest = client.xpending(streamKey, group,
                        XPendingParams.xPendingParams(StreamEntryID.MINIMUM_ID, StreamEntryID.MAXIMUM_ID, 1));
                oldestIdle = oldest.isEmpty() ? 0 : oldest.get(0).getIdleTime();
            }
            // Jedis gives no consumer map (null) when nothing is pending
            Map<String, Long> byConsumer = summary.getConsumerMessageCount() == null
                    ? Map.of() : Map.copyOf(summary.getConsumerMessageCount());
            return new Snapshot(lag, summary.getTotal(), byConsumer, oldestIdle, now, null);
        } catch (RuntimeException e) {
            Snapshot previous = last;
            return previous == null
                    ? new Snapshot(null, 0, Map.of(), 0, now, e.getMessage())
                    : new Snapshot(previous.lag(), previous.pending(), previous.pendingByConsumer(),
                            previous.oldestPendingIdleMillis(), now, e.getMessage());
        }
    }
}
