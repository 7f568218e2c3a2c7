package dev.camelredis.examples.quickstart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.camelredis.examples.quickstart.DeliveryLog.Delivery;
import dev.camelredis.examples.quickstart.OrderRoutes.ConsumerGroup;

/**
 * What a run showed: which consumer of each group got which orders, and whether every group processed and
 * acknowledged every order. {@link #toString()} is the text the application prints.
 */
public record QuickstartReport(int orders, long appended, List<GroupReport> groups, Duration timeout,
                               boolean timedOut) {

    /**
     * One group's share of the orders.
     *
     * @param ordersByConsumer the order IDs each consumer received, sorted
     * @param processed        how many different orders the group received
     * @param redelivered      deliveries of an entry the group had received before
     * @param pending          entries delivered but not acknowledged (XPENDING count)
     */
    public record GroupReport(String name, Map<String, List<Integer>> ordersByConsumer, long processed,
                              long redelivered, long pending) {
    }

    static QuickstartReport of(int orders, long appended, DeliveryLog deliveryLog, Map<String, Long> pending,
                               Duration timeout, boolean timedOut) {
        List<Delivery> deliveries = deliveryLog.deliveries();
        List<GroupReport> groups = new ArrayList<>();
        for (ConsumerGroup group : OrderRoutes.GROUPS) {
            List<Delivery> received = deliveries.stream().filter(d -> d.group().equals(group.name())).toList();
            Map<String, List<Integer>> ordersByConsumer = new TreeMap<>();
            for (Delivery delivery : received) {
                ordersByConsumer.computeIfAbsent(delivery.consumer(), consumer -> new ArrayList<>())
                        .add(delivery.orderId());
            }
            ordersByConsumer.values().forEach(Collections::sort);
            long distinctOrders = received.stream().mapToInt(Delivery::orderId).distinct().count();
            long distinctEntries = received.stream().map(Delivery::messageId).distinct().count();
            groups.add(new GroupReport(group.name(), ordersByConsumer, distinctOrders,
                    received.size() - distinctEntries, pending.getOrDefault(group.name(), 0L)));
        }
        return new QuickstartReport(orders, appended, List.copyOf(groups), timeout, timedOut);
    }

    /** Every order reached the stream, and every group processed and acknowledged all of them in time. */
    public boolean nothingLost() {
        return !timedOut && appended == orders
               && groups.stream().allMatch(group -> group.processed() == orders && group.pending() == 0);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("Appended ").append(appended).append(" of ").append(orders).append(" orders to ")
                .append(OrderRoutes.STREAM).append('\n');
        for (GroupReport group : groups) {
            text.append("Group ").append(group.name()).append('\n');
            group.ordersByConsumer().forEach((consumer, orderIds) -> text.append(String.format(
                    "  %-16s %3d entries: orders %s\n", consumer, orderIds.size(), ranges(orderIds))));
        }
        for (GroupReport group : groups) {
            text.append(group.name()).append(": ").append(group.processed()).append('/').append(orders)
                    .append(" processed, ").append(group.pending()).append(" pending");
            if (group.redelivered() > 0) {
                text.append(", ").append(group.redelivered()).append(" redelivered");
            }
            text.append('\n');
        }
        if (timedOut) {
            text.append("FAILED: not every group had processed and acknowledged every order after ")
                    .append(timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s")
                    .append('\n');
        } else {
            text.append(nothingLost() ? "OK: nothing lost\n" : "FAILED: orders were lost\n");
        }
        return text.toString();
    }

    /** 1, 2, 3, 5 becomes "1-3, 5": a consumer's share stays one short line. */
    private static String ranges(List<Integer> sorted) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? sorted.get(i).toString() : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }
}
