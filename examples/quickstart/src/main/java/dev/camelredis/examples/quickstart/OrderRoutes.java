package dev.camelredis.examples.quickstart;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * One route appends orders to a stream; two consumer groups read the whole stream independently. Within a group the
 * consumers share the entries: each entry goes to exactly one of them.
 */
public final class OrderRoutes extends RouteBuilder {

    public static final String STREAM = "quickstart:orders";
    public static final List<ConsumerGroup> GROUPS = List.of(
            new ConsumerGroup("analytics", 2),
            new ConsumerGroup("notifications", 1));

    private static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave");

    /** A consumer group and how many consumers (reader threads) it runs. */
    public record ConsumerGroup(String name, int consumers) {
    }

    private final int orders;
    private final DeliveryLog deliveryLog;

    public OrderRoutes(int orders, DeliveryLog deliveryLog) {
        this.orders = orders;
        this.deliveryLog = deliveryLog;
    }

    @Override
    public void configure() {
        // A few milliseconds between orders let the blocked readers of a group take turns; includeMetadata sets
        // the CamelTimerCounter property (1, 2, ...) used as order ID.
        from("timer:placeOrders?delay=0&period=10&includeMetadata=true&repeatCount=" + orders)
                .routeId("place-orders")
                .process(exchange -> exchange.getMessage().setBody(
                        order(exchange.getProperty(Exchange.TIMER_COUNTER, Integer.class))))
                .to("redis-streams:" + STREAM);

        for (ConsumerGroup group : GROUPS) {
            // startId=0: a group created after the first orders were appended still reads them.
            from("redis-streams:" + STREAM + "?group=" + group.name() + "&consumerName=" + group.name()
                 + "&concurrentConsumers=" + group.consumers() + "&startId=0")
                    .routeId(group.name())
                    .process(exchange -> record(exchange.getMessage()));
        }
    }

    private static Map<String, Object> order(int orderId) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", orderId);
        order.put("customer", CUSTOMERS.get(orderId % CUSTOMERS.size()));
        order.put("amount", BigDecimal.valueOf(1000 + 250L * orderId, 2));
        return order;
    }

    /** The body is the Map of the entry's fields, every value a String. */
    private void record(Message message) {
        Map<?, ?> order = message.getBody(Map.class);
        deliveryLog.record(new DeliveryLog.Delivery(
                message.getHeader(RedisStreamsConstants.GROUP, String.class),
                message.getHeader(RedisStreamsConstants.CONSUMER_NAME, String.class),
                message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                Integer.parseInt((String) order.get("orderId"))));
    }
}
