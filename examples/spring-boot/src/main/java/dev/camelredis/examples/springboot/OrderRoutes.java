package dev.camelredis.examples.springboot;

import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Consumes the order stream. The endpoint names only the stream: every option (Redis, group, consumer name,
 * maxDeliveries, claimMinIdleTime...) comes from camel.component.redis-streams.* in application.properties.
 */
@Component
class OrderRoutes extends RouteBuilder {

    static final String ROUTE_ID = "orders";

    @Override
    public void configure() {
        from("redis-streams:{{orders.stream}}")
                .routeId(ROUTE_ID)
                // a failure leaves the entry pending: it comes back after claimMinIdleTime, and goes to the
                // dead-letter stream after maxDeliveries
                .process(exchange -> Orders.validate(exchange.getMessage().getBody(Map.class)))
                .log("Order ${body[orderId]} of ${body[customer]}: ${body[amount]}");
    }
}
