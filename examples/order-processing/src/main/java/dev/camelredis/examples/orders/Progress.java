package dev.camelredis.examples.orders;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.camelredis.examples.orders.StreamInspector.GroupState;

/**
 * One progress report: how many orders were produced, and per group what Redis says (lag, pending entries) next to
 * what each consumer processed. One line per group.
 */
final class Progress {

    private Progress() {
    }

    static void print(RunConsole console, int produced, int orders, Map<String, GroupState> groups,
                      ProcessingLog log) {
        Map<String, Long> processed = log.processedByConsumer();
        String header = String.format("produced %d/%d", produced, orders);
        console.tick(header + " | " + group(OrderRoutes.ANALYTICS, OrderRoutes.ANALYTICS_CONSUMERS, groups, processed),
                " ".repeat(header.length()) + " | "
                + group(OrderRoutes.NOTIFICATIONS, OrderRoutes.NOTIFICATIONS_CONSUMERS, groups, processed));
    }

    private static String group(String name, List<String> consumers, Map<String, GroupState> groups,
                                Map<String, Long> processed) {
        GroupState state = groups.get(name);
        String redis = state == null
                ? "not created yet"
                : String.format("lag %3s pending %3d", state.lag() == null ? "?" : state.lag(), state.pending());
        return String.format("%-13s %s | processed %s", name, redis, consumers.stream()
                .map(consumer -> consumer + " " + processed.getOrDefault(consumer, 0L))
                .collect(Collectors.joining(", ")));
    }
}
