package dev.camelredis.examples.springboot;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The one business rule of the order-processing example: an order (an entry with the fields orderId, customer,
 * amount) with a negative amount is invalid, so its processing fails every time it is delivered.
 */
final class Orders {

    private Orders() {
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
