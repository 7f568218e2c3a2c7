package dev.camelredis.streams.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.consumer.ConsumerMetrics;
import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.Route;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * The redis-streams consumers of the context at a glance: per route, the stream, group and consumer names, the
 * group's lag and pending entries, the entries in flight, and the counters.
 */
@DevConsole(name = "redis-streams", displayName = "Redis Streams",
            description = "Consumer groups, lag, pending entries and counters of the redis-streams consumers")
public class RedisStreamsDevConsole extends AbstractDevConsole {

    public RedisStreamsDevConsole() {
        super("camel", "redis-streams", "Redis Streams",
              "Consumer groups, lag, pending entries and counters of the redis-streams consumers");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, ConsumerMetrics> consumer : consumers().entrySet()) {
            ConsumerMetrics m = consumer.getValue();
            text.append(String.format("Route %s: stream %s, group %s, consumers %s%n", consumer.getKey(), m.streamKey(),
                    m.group(), String.join(",", m.consumerNames())));
            text.append(String.format("    lag: %s  pending: %d (own %d)  oldest pending idle: %d ms  in flight: %d%n",
                    m.groupLag() == null ? "unknown" : m.groupLag(), m.pending(), m.ownPending(),
                    m.oldestPendingIdleMillis(), m.inFlight()));
            text.append(String.format(
                    "    delivered: %d  acked: %d  failed: %d  reclaimed: %d  dead-lettered: %d  deleted while pending: %d"
                    + "  given up: %d%n",
                    m.delivered(), m.acked(), m.failed(), m.reclaimed(), m.deadLettered(), m.deletedWhilePending(),
                    m.givenUp()));
            if (m.statisticsError() != null) {
                text.append("    figures from Redis are stale: ").append(m.statisticsError()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<JsonObject> list = new ArrayList<>();
        for (Map.Entry<String, ConsumerMetrics> consumer : consumers().entrySet()) {
            JsonObject json = new JsonObject(consumer.getValue().toMap());
            json.put("routeId", consumer.getKey());
            list.add(json);
        }
        JsonObject root = new JsonObject();
        root.put("consumers", list);
        return root;
    }

    /** Route ID -> metrics of each started redis-streams consumer. */
    private Map<String, ConsumerMetrics> consumers() {
        Map<String, ConsumerMetrics> consumers = new java.util.LinkedHashMap<>();
        for (Route route : getCamelContext().getRoutes()) {
            if (route.getConsumer() instanceof RedisStreamsConsumer consumer && consumer.isStarted()) {
                consumers.put(route.getRouteId(), consumer.metrics());
            }
        }
        return consumers;
    }
}
