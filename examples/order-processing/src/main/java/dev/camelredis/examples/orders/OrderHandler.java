package dev.camelredis.examples.orders;

import java.util.Map;

import dev.camelredis.examples.orders.ProcessingLog.Delivery;
import dev.camelredis.examples.orders.ProcessingLog.Outcome;
import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The processing of both groups: validate the order and record the delivery. An invalid order fails the exchange,
 * so the component leaves its entry pending for a redelivery, until maxDeliveries sends it to the dead-letter stream.
 */
final class OrderHandler implements Processor {

    private final ProcessingLog log;
    private final RunConsole console;

    OrderHandler(ProcessingLog log, RunConsole console) {
        this.log = log;
        this.console = console;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        try {
            Orders.validate(message.getBody(Map.class));
        } catch (IllegalArgumentException e) {
            Delivery failed = delivery(message, Outcome.FAILED);
            log.record(failed);
            console.event(String.format("%-15s order %d failed on delivery %d of at most %d: %s", failed.consumer(),
                    failed.orderId(), failed.deliveryCount(), OrderRoutes.MAX_DELIVERIES, e.getMessage()));
            throw e;
        }
        Delivery processed = delivery(message, Outcome.PROCESSED);
        log.record(processed);
        if (processed.redelivered()) {
            console.event(String.format("%-15s order %d processed on redelivery: CamelRedisStreamsRedelivered=true,"
                                        + " CamelRedisStreamsDeliveryCount=%d", processed.consumer(),
                    processed.orderId(), processed.deliveryCount()));
        }
    }

    /** The delivery as the component describes it in the exchange's headers. */
    static Delivery delivery(Message message, Outcome outcome) {
        return new Delivery(
                message.getHeader(RedisStreamsConstants.GROUP, String.class),
                message.getHeader(RedisStreamsConstants.CONSUMER_NAME, String.class),
                message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                Orders.orderId(message.getBody(Map.class)),
                message.getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class),
                message.getHeader(RedisStreamsConstants.REDELIVERED, Boolean.class),
                outcome);
    }
}
