package dev.camelredis.examples.quickstart;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every entry each group consumer received, as the consumer routes saw it: the evidence the report is built from.
 * Reader threads of both groups record into it at the same time.
 */
public final class DeliveryLog {

    /** One entry delivered to one consumer of one group. */
    public record Delivery(String group, String consumer, String messageId, int orderId) {
    }

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    void record(Delivery delivery) {
        deliveries.add(delivery);
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** How many different orders the group has seen. */
    long distinctOrders(String group) {
        return deliveries.stream().filter(d -> d.group().equals(group)).mapToInt(Delivery::orderId).distinct().count();
    }
}
