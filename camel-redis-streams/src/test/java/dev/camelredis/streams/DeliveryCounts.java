package dev.camelredis.streams;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How many times each entry was handed to a route, per entry ID, with the time of each hand-over: a set of what was
 * processed cannot see a duplicate, this can. The fault tests assert an exact duplicate bound with it.
 */
final class DeliveryCounts {

    private final Map<String, List<Long>> deliveries = new ConcurrentHashMap<>();

    /** Records a hand-over of the entry of this message, named by its ID header. */
    void record(Message message) {
        record(message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class));
    }

    void record(String entry) {
        deliveries.computeIfAbsent(entry, e -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
    }

    int count(String entry) {
        List<Long> times = deliveries.get(entry);
        return times == null ? 0 : times.size();
    }

    /** The entries handed over at least once. */
    Set<String> entries() {
        return Set.copyOf(deliveries.keySet());
    }

    /** How many entries were handed over at least once. */
    int distinct() {
        return deliveries.size();
    }

    long total() {
        return deliveries.values().stream().mapToLong(List::size).sum();
    }

    boolean processedAll(Collection<String> entries) {
        return entries.stream().allMatch(deliveries::containsKey);
    }

    /** The entries handed over more than once, with their counts, in ID order. */
    Map<String, Integer> duplicated() {
        Map<String, Integer> duplicated = new TreeMap<>();
        deliveries.forEach((entry, times) -> {
            if (times.size() > 1) {
                duplicated.put(entry, times.size());
            }
        });
        return duplicated;
    }

    /** Every one of {@code entries} was handed over, and no entry at all was handed over twice. */
    void assertEachOnce(Collection<String> entries) {
        List<String> missing = entries.stream().filter(e -> !deliveries.containsKey(e)).limit(10).toList();
        assertEquals(List.of(), missing, "entries never processed (first 10)");
        assertEquals(Map.of(), duplicated(), "entries processed more than once, with no JVM killed");
    }
}
