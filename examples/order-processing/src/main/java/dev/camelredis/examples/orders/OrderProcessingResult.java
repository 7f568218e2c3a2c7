package dev.camelredis.examples.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import dev.camelredis.examples.orders.ProcessingLog.Delivery;
import dev.camelredis.examples.orders.ProcessingLog.Outcome;
import dev.camelredis.examples.orders.StreamInspector.GroupState;

/**
 * What a run showed, per group and consumer, and whether anything was lost. {@link #toString()} is the summary the
 * application prints.
 *
 * @param produced           orders that reached the stream
 * @param deadLetters        the entries of the dead-letter stream
 * @param pendingWhenStopped the entries pending under the hung consumer's name as its stop began (XPENDING)
 * @param takeovers          the entries the hung consumer was stuck on, and who got them next
 */
public record OrderProcessingResult(int orders, int produced, List<GroupResult> groups,
                                    List<DeadLetter> deadLetters, List<String> pendingWhenStopped,
                                    List<Takeover> takeovers, Duration elapsed, boolean timedOut) {

    /**
     * One consumer's line of the summary table: deliveries by outcome, how many of them were redeliveries, and the
     * entries still pending under its name.
     */
    public record ConsumerRow(String name, long received, long processed, long failed, long hung, long redelivered,
                              long pending) {
    }

    /**
     * @param missing orders the group neither processed nor, for the poison order, dead-lettered
     * @param lag     XINFO GROUPS lag; null when Redis cannot tell
     */
    public record GroupResult(String name, List<ConsumerRow> consumers, long processedOrders, long deadLettered,
                              Set<Integer> missing, long pending, Long lag) {
    }

    /**
     * An entry of the dead-letter stream: the order, and the fields the component added to the original ones.
     *
     * @param group      dlq-group
     * @param sourceId   dlq-source-id, the entry's ID in events:orders
     * @param consumer   dlq-consumer, the consumer that moved it
     * @param deliveries dlq-deliveries
     * @param error      dlq-error, the last failure
     */
    public record DeadLetter(String group, int orderId, String sourceId, String consumer, String deliveries,
                             String error) {
    }

    /**
     * An entry the hung consumer was stuck on, and the first delivery of it to another consumer: its consumer name
     * (null when nobody got it) and headers.
     */
    public record Takeover(String entryId, int orderId, String consumer, long deliveryCount, boolean redelivered) {
    }

    static OrderProcessingResult of(OrderProcessingApplication.Settings settings, ProcessingLog log,
                                    Map<String, GroupState> groupStates, List<DeadLetter> deadLetters,
                                    List<String> pendingWhenStopped, Duration elapsed, boolean timedOut) {
        List<Delivery> deliveries = log.deliveries();
        List<GroupResult> groups = List.of(
                group(OrderRoutes.ANALYTICS, OrderRoutes.ANALYTICS_CONSUMERS, settings, log, deliveries,
                        groupStates, deadLetters),
                group(OrderRoutes.NOTIFICATIONS, OrderRoutes.NOTIFICATIONS_CONSUMERS, settings, log, deliveries,
                        groupStates, deadLetters));
        List<Takeover> takeovers = deliveries.stream().filter(d -> d.outcome() == Outcome.HUNG)
                .map(stuck -> deliveries.stream()
                        .filter(d -> d.group().equals(stuck.group()) && d.entryId().equals(stuck.entryId())
                                     && !d.consumer().equals(HungConsumer.NAME))
                        .findFirst()
                        .map(d -> new Takeover(d.entryId(), d.orderId(), d.consumer(), d.deliveryCount(),
                                d.redelivered()))
                        .orElse(new Takeover(stuck.entryId(), stuck.orderId(), null, 0, false)))
                .toList();
        return new OrderProcessingResult(settings.orders(), log.producedCount(), groups,
                deadLetters, List.copyOf(pendingWhenStopped), takeovers, elapsed, timedOut);
    }

    private static GroupResult group(String name, List<String> consumerNames,
                                     OrderProcessingApplication.Settings settings, ProcessingLog log,
                                     List<Delivery> deliveries, Map<String, GroupState> groupStates,
                                     List<DeadLetter> deadLetters) {
        GroupState state = groupStates.getOrDefault(name, new GroupState(name, null, 0, Map.of()));
        List<ConsumerRow> rows = new ArrayList<>();
        for (String consumer : consumerNames) {
            List<Delivery> received = deliveries.stream().filter(d -> d.consumer().equals(consumer)).toList();
            rows.add(new ConsumerRow(consumer, received.size(), count(received, Outcome.PROCESSED),
                    count(received, Outcome.FAILED), count(received, Outcome.HUNG),
                    received.stream().filter(Delivery::redelivered).count(),
                    state.pendingByConsumer().getOrDefault(consumer, 0L)));
        }
        Set<Integer> processed = log.processedOrders(name);
        boolean poisonDeadLettered = deadLetters.stream()
                .anyMatch(d -> name.equals(d.group()) && d.orderId() == settings.poisonOrder());
        Set<Integer> missing = new TreeSet<>();
        IntStream.rangeClosed(1, settings.orders())
                .filter(orderId -> !processed.contains(orderId)
                                   && !(orderId == settings.poisonOrder() && poisonDeadLettered))
                .forEach(missing::add);
        long deadLettered = deadLetters.stream().filter(d -> name.equals(d.group())).count();
        return new GroupResult(name, List.copyOf(rows), processed.size(), deadLettered, missing, state.pending(),
                state.lag());
    }

    private static long count(List<Delivery> deliveries, Outcome outcome) {
        return deliveries.stream().filter(d -> d.outcome() == outcome).count();
    }

    /**
     * Every order reached the stream, and each group processed it (or, for the poison order, moved it to the
     * dead-letter stream) and acknowledged it, in time.
     */
    public boolean nothingLost() {
        return !timedOut && produced == orders
               && groups.stream().allMatch(group -> group.missing().isEmpty() && group.pending() == 0);
    }

    /**
     * The hung consumer was stuck on entries, they were still pending under its name when it was stopped, and every
     * one of them was delivered again to another consumer.
     */
    public boolean stuckEntriesReclaimed() {
        return !takeovers.isEmpty() && takeovers.stream().allMatch(t -> pendingWhenStopped.contains(t.entryId())
                                                                         && t.consumer() != null && t.redelivered());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%nSummary after %.1f s: %d of %d orders produced to %s%n",
                elapsed.toMillis() / 1000.0, produced, orders, OrderRoutes.STREAM));
        text.append(String.format("%-14s %-16s %8s %9s %6s %4s %11s %7s%n",
                "group", "consumer", "received", "processed", "failed", "hung", "redelivered", "pending"));
        for (GroupResult group : groups) {
            for (ConsumerRow row : group.consumers()) {
                text.append(String.format("%-14s %-16s %8d %9d %6d %4d %11d %7d%n", group.name(), row.name(),
                        row.received(), row.processed(), row.failed(), row.hung(), row.redelivered(), row.pending()));
            }
        }
        text.append(String.format("%nDead-letter stream %s:%n", OrderRoutes.DEAD_LETTER_STREAM));
        if (deadLetters.isEmpty()) {
            text.append("  (empty)\n");
        }
        for (DeadLetter letter : deadLetters) {
            text.append(String.format("  %-14s order %d  dlq-source-id %s  dlq-consumer %s  dlq-deliveries %s%n"
                                      + "  %-14s dlq-error %s%n", letter.group(), letter.orderId(), letter.sourceId(),
                    letter.consumer(), letter.deliveries(), "", letter.error()));
        }
        text.append(String.format("%n%s was stopped with %d pending entries; it was stuck on %d of them:%n",
                HungConsumer.NAME, pendingWhenStopped.size(), takeovers.size()));
        for (Takeover takeover : takeovers) {
            text.append(takeover.consumer() == null
                    ? String.format("  order %d (entry %s): never delivered again%n", takeover.orderId(),
                            takeover.entryId())
                    : String.format("  order %d (entry %s) reclaimed by %s: CamelRedisStreamsRedelivered=%s,"
                                    + " CamelRedisStreamsDeliveryCount=%d%n", takeover.orderId(), takeover.entryId(),
                            takeover.consumer(), takeover.redelivered(), takeover.deliveryCount()));
        }
        text.append('\n');
        for (GroupResult group : groups) {
            text.append(String.format("%-14s %d/%d orders done (%d processed, %d dead-lettered), %d pending, lag %s",
                    group.name() + ":", orders - group.missing().size(), orders, group.processedOrders(),
                    group.deadLettered(), group.pending(), group.lag() == null ? "unknown" : group.lag()));
            if (!group.missing().isEmpty()) {
                text.append(", missing orders ").append(group.missing());
            }
            text.append('\n');
        }
        if (timedOut) {
            text.append("FAILED: the groups were not done after ").append(elapsed.toSeconds()).append(" s\n");
        } else {
            text.append(nothingLost() ? "OK: nothing lost\n" : "FAILED: orders were lost\n");
        }
        return text.toString();
    }
}
