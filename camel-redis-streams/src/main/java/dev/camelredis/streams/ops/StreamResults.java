package dev.camelredis.streams.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamInfo;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * Turns Jedis replies into plain Maps, Lists, Strings and Longs, so that routes, expressions and data formats need no
 * Jedis types. The keys are camelCase and fixed: a key that the server's version does not report is present with the
 * value null. IDs are Strings; times are milliseconds.
 */
final class StreamResults {

    private StreamResults() {
    }

    /**
     * An entry: id and fields, in the order Redis returned them; fields is null for an entry that was deleted while
     * pending (XCLAIM on Redis 6.2).
     */
    static Map<String, Object> entry(StreamEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("id", entry.getID().toString());
        map.put("fields", entry.getFields() == null ? null : new LinkedHashMap<>(entry.getFields()));
        return map;
    }

    static List<Map<String, Object>> entries(List<StreamEntry> entries) {
        // XCLAIM on Redis 6.2 answers nil for an entry deleted while pending: there is nothing to return for it
        return entries.stream().filter(Objects::nonNull).map(StreamResults::entry).toList();
    }

    static Map<String, Object> streamInfo(StreamInfo info) {
        Map<String, Object> raw = info.getStreamInfo();
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("length", info.getLength());
        map.put("radixTreeKeys", info.getRadixTreeKeys());
        map.put("radixTreeNodes", info.getRadixTreeNodes());
        map.put("groups", info.getGroups());
        map.put("lastGeneratedId", id(info.getLastGeneratedId()));
        map.put("maxDeletedEntryId", id(raw.get("max-deleted-entry-id")));
        map.put("entriesAdded", number(raw.get("entries-added")));
        map.put("recordedFirstEntryId", id(raw.get("recorded-first-entry-id")));
        map.put("firstEntry", info.getFirstEntry() == null ? null : entry(info.getFirstEntry()));
        map.put("lastEntry", info.getLastEntry() == null ? null : entry(info.getLastEntry()));
        return map;
    }

    static List<Map<String, Object>> groups(List<StreamGroupInfo> groups) {
        return groups.stream().map(StreamResults::group).toList();
    }

    private static Map<String, Object> group(StreamGroupInfo group) {
        Map<String, Object> raw = group.getGroupInfo();
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("name", group.getName());
        map.put("consumers", group.getConsumers());
        map.put("pending", group.getPending());
        map.put("lastDeliveredId", id(group.getLastDeliveredId()));
        map.put("entriesRead", number(raw.get("entries-read")));
        map.put("lag", number(raw.get("lag")));
        return map;
    }

    static List<Map<String, Object>> consumers(List<StreamConsumerInfo> consumers) {
        return consumers.stream().map(StreamResults::consumer).toList();
    }

    private static Map<String, Object> consumer(StreamConsumerInfo consumer) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("name", consumer.getName());
        map.put("pending", consumer.getPending());
        map.put("idle", consumer.getIdle());
        map.put("inactive", consumer.getInactive());
        return map;
    }

    static Map<String, Object> pendingSummary(StreamPendingSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("total", summary.getTotal());
        map.put("minId", id(summary.getMinId()));
        map.put("maxId", id(summary.getMaxId()));
        // Jedis gives null rather than an empty map when nothing is pending
        map.put("consumers", summary.getConsumerMessageCount() == null ? Map.of()
                : new LinkedHashMap<>(summary.getConsumerMessageCount()));
        return map;
    }

    static List<Map<String, Object>> pendingEntries(List<StreamPendingEntry> entries) {
        return entries.stream().map(StreamResults::pendingEntry).toList();
    }

    private static Map<String, Object> pendingEntry(StreamPendingEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("id", entry.getID().toString());
        map.put("consumer", entry.getConsumerName());
        map.put("idle", entry.getIdleTime());
        map.put("deliveryCount", entry.getDeliveredTimes());
        return map;
    }

    /**
     * An ID as Jedis reports it (a StreamEntryID, or null when Redis has none), as text.
     */
    private static String id(Object value) {
        return value == null ? null : value.toString();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
