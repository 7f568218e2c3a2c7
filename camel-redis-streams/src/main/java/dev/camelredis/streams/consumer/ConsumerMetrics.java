package dev.camelredis.streams.consumer;

import java.util.List;
import java.util.Map;

/**
 * One look at a consumer: where it reads, what Redis says of its group (refreshed at most every few seconds), and
 * what it did since it started. The dev console and JMX show it.
 *
 * @param groupLag              entries not yet delivered to the group; null when Redis cannot tell
 * @param pending               entries pending in the whole group
 * @param ownPending            entries pending under this consumer's names
 * @param oldestPendingIdleMillis idle time of the group's oldest pending entry
 * @param givenUp               entries whose exchange had not completed after maxRenewalTime
 * @param statisticsAgeMillis   how old the Redis figures are
 * @param statisticsError       why the last read of the Redis figures failed, or null
 */
public record ConsumerMetrics(String streamKey, String group, List<String> consumerNames, Long groupLag, long pending,
                              long ownPending, long oldestPendingIdleMillis, int inFlight, long delivered, long acked,
                              long failed, long reclaimed, long deadLettered, long deletedWhilePending,
                              long givenUp, long statisticsAgeMillis, String statisticsError) {

    /**
     * The figures as a map with stable keys, in a stable order, for JSON.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("streamKey", streamKey);
        map.put("group", group);
        map.put("consumerNames", consumerNames);
        map.put("groupLag", groupLag);
        map.put("pending", pending);
        map.put("ownPending", ownPending);
        map.put("oldestPendingIdleMillis", oldestPendingIdleMillis);
        map.put("inFlight", inFlight);
        map.put("delivered", delivered);
        map.put("acked", acked);
        map.put("failed", failed);
        map.put("reclaimed", reclaimed);
        map.put("deadLettered", deadLettered);
        map.put("deletedWhilePending", deletedWhilePending);
        map.put("givenUp", givenUp);
        map.put("statisticsAgeMillis", statisticsAgeMillis);
        if (statisticsError != null) {
            map.put("statisticsError", statisticsError);
        }
        return map;
    }
}
