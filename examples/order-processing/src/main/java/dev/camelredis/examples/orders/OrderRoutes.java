package dev.camelredis.examples.orders;

import java.time.Duration;
import java.util.List;

import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of the main Camel context: one produces the orders at a steady pace, and the groups analytics and
 * notifications consume the whole stream, each with two readers. The third analytics consumer runs in a context of
 * its own ({@link HungConsumer}) so that it can be stopped on its own.
 */
public final class OrderRoutes extends RouteBuilder {

    public static final String STREAM = "events:orders";
    /** The component's default dead-letter stream: the stream key with the suffix :dlq. */
    public static final String DEAD_LETTER_STREAM = STREAM + ":dlq";
    public static final String ANALYTICS = "analytics";
    public static final String NOTIFICATIONS = "notifications";
    /**
     * The consumer names in each group: with concurrentConsumers=2 the component names the readers of a route
     * consumerName-1 and consumerName-2; analytics-3 is the {@link HungConsumer}.
     */
    static final List<String> ANALYTICS_CONSUMERS = List.of("analytics-1", "analytics-2", HungConsumer.NAME);
    static final List<String> NOTIFICATIONS_CONSUMERS = List.of("notifications-1", "notifications-2");
    static final int MAX_DELIVERIES = 3;
    /**
     * What every consumer of the demo uses. claimMinIdleTime is 60 s by default: 2 s lets the run show within seconds
     * how abandoned and failed entries come back (claimInterval: how often each consumer looks for them). startId=0:
     * a group created after the first orders were produced still reads them.
     */
    static final String CONSUMER_OPTIONS = "maxDeliveries=" + MAX_DELIVERIES
                                           + "&claimMinIdleTime=2000&claimInterval=500&startId=0";

    private static final String ORDER_ID = "orderId";

    private final int orders;
    private final Duration pace;
    private final int poisonOrder;
    private final ProcessingLog log;
    private final OrderHandler handler;

    OrderRoutes(int orders, Duration pace, int poisonOrder, ProcessingLog log, OrderHandler handler) {
        this.orders = orders;
        this.pace = pace;
        this.poisonOrder = poisonOrder;
        this.log = log;
        this.handler = handler;
    }

    @Override
    public void configure() {
        quietErrorHandler(this);

        // includeMetadata sets the CamelTimerCounter property (1, 2, ...), used as order ID
        from("timer:orders?delay=0&includeMetadata=true&period=" + pace.toMillis() + "&repeatCount=" + orders)
                .routeId("produce-orders")
                .process(exchange -> {
                    int orderId = exchange.getProperty(Exchange.TIMER_COUNTER, Integer.class);
                    exchange.setProperty(ORDER_ID, orderId);
                    exchange.getMessage().setBody(Orders.order(orderId, orderId == poisonOrder));
                })
                .to("redis-streams:" + STREAM)
                .process(exchange -> log.produced(exchange.getProperty(ORDER_ID, Integer.class),
                        exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class)));

        from("redis-streams:" + STREAM + "?group=" + ANALYTICS + "&consumerName=" + ANALYTICS
             + "&concurrentConsumers=2&" + CONSUMER_OPTIONS)
                .routeId(ANALYTICS)
                .process(handler);

        from("redis-streams:" + STREAM + "?group=" + NOTIFICATIONS + "&consumerName=" + NOTIFICATIONS
             + "&concurrentConsumers=2&" + CONSUMER_OPTIONS)
                .routeId(NOTIFICATIONS)
                .process(handler);
    }

    /**
     * Failures are part of this demo (the poison order, the exchanges of the stopped consumer) and OrderHandler
     * reports them in one line: Camel's error handler need not log each with its message history. The component
     * still hands every failure to the consumer's exception handler, which logs one warning.
     */
    static void quietErrorHandler(RouteBuilder routes) {
        routes.errorHandler(routes.defaultErrorHandler().logExhausted(false));
    }
}
