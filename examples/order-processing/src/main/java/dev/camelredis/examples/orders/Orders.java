package dev.camelredis.examples.orders;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an order looks like on the stream (one entry, fields orderId, customer, amount) and the one business rule the
 * consumers apply: an order with a negative amount is invalid, so its processing fails every time it is delivered.
 */
final class Orders {

    private static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave", "erin");

    private Orders() {
    }

    /**
     * @param poison whether to give the order a negative amount
     */
    static Map<String, Object> order(int orderId, boolean poison) {
        BigDecimal amount = BigDecimal.valueOf(500 + 137L * orderId % 9500, 2);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", orderId);
        order.put("customer", CUSTOMERS.get(orderId % CUSTOMERS.size()));
        order.put("amount", poison ? amount.negate() : amount);
        return order;
    }

    /**
     * The order ID of a consumed entry, whose body is the Map of its fields, every value a String.
     */
    static int orderId(Map<?, ?> fields) {
        return Integer.parseInt((String) fields.get("orderId"));
    }

    /**
     * @throws IllegalArgumentException when the amount is negative
     */
    static void validate(Map<?, ?> fields) {
        BigDecimal amount = new BigDecimal((String) fields.get("amount"));
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("order " + fields.get("orderId") + " has a negative amount: " + amount);
        }
    }
}
