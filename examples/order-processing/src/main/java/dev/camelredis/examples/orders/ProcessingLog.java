package dev.camelredis.examples.orders;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * What the application saw, the evidence the progress lines and the summary are built from: the entry ID of every
 * order it produced, and every delivery to a consumer with its outcome. Producer, reader and reclaimer threads of
 * both groups and of both Camel contexts record into it at the same time.
 */
final class ProcessingLog {

    /** How the processing of one delivery ended. */
    enum Outcome {
        PROCESSED,
        FAILED,
        /** The consumer got stuck on it and never finished. */
        HUNG
    }

    /**
     * One entry delivered to one consumer, with the headers the component set on the exchange.
     *
     * @param deliveryCount header CamelRedisStreamsDeliveryCount
     * @param redelivered   header CamelRedisStreamsRedelivered
     */
    record Delivery(String group, String consumer, String entryId, int orderId, long deliveryCount,
                    boolean redelivered, Outcome outcome) {
    }

    private final Map<String, Integer> orderIdByEntryId = new ConcurrentHashMap<>();
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    void produced(int orderId, String entryId) {
        orderIdByEntryId.put(entryId, orderId);
    }

    void record(Delivery delivery) {
        deliveries.add(delivery);
    }

    int producedCount() {
        return orderIdByEntryId.size();
    }

    /** The order an entry of the stream carries, or null if this run did not produce it. */
    Integer orderId(String entryId) {
        return orderIdByEntryId.get(entryId);
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The orders the group processed successfully, whichever of its consumers did it. */
    Set<Integer> processedOrders(String group) {
        return deliveries.stream()
                .filter(d -> d.group().equals(group) && d.outcome() == Outcome.PROCESSED)
                .map(Delivery::orderId)
                .collect(Collectors.toSet());
    }

    /** Successful deliveries per consumer name. */
    Map<String, Long> processedByConsumer() {
        return deliveries.stream()
                .filter(d -> d.outcome() == Outcome.PROCESSED)
                .collect(Collectors.groupingBy(Delivery::consumer, Collectors.counting()));
    }
}
