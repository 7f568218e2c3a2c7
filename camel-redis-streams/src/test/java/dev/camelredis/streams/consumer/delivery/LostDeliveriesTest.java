package dev.camelredis.streams.consumer.delivery;

import java.util.Map;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's account of deliveries whose reply was lost: each is left uncounted exactly once, for the consumer name
 * it went to, and only until that name's walk of its own pending entries is complete. {@code LostRepliesTest} shows
 * the same against a real Redis, with replies lost on the network.
 */
class LostDeliveriesTest {

    private static final StreamEntryID LAST_READ = new StreamEntryID(100, 0);
    private static final StreamEntryID READ_BEFORE = new StreamEntryID(99, 5);
    private static final StreamEntryID LOST_IN_READ = new StreamEntryID(100, 1);

    @Test
    void aLostReadAccountsOnceForEachEntryAfterItsStartWithCountOne() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.newReadLost("c", LAST_READ);

        assertFalse(ledger.accountForLostDelivery("c", READ_BEFORE, 1), "read before the lost read");
        assertFalse(ledger.accountForLostDelivery("other", LOST_IN_READ, 1), "pending for another consumer name");
        assertFalse(ledger.accountForLostDelivery("c", LOST_IN_READ, 2), "delivered again since");
        assertTrue(ledger.accountForLostDelivery("c", LOST_IN_READ, 1));
        // taken without counting, routed, failed: pending with count 1 again, and that one delivery reached a route
        assertFalse(ledger.accountForLostDelivery("c", LOST_IN_READ, 1), "already accounted for");
    }

    @Test
    void aLostClaimAccountsOnceForTheCountItWouldHaveSet() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.claimLost("c", Map.of(LOST_IN_READ, 3L));

        assertFalse(ledger.accountForLostDelivery("c", LOST_IN_READ, 2), "the claim was not executed");
        ledger.claimLost("c", Map.of(LOST_IN_READ, 3L));
        assertTrue(ledger.accountForLostDelivery("c", LOST_IN_READ, 3));
        assertFalse(ledger.accountForLostDelivery("c", LOST_IN_READ, 3), "already accounted for");
    }

    @Test
    void aCompleteWalkForgetsWhatWasLost() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.newReadLost("c", null);
        ledger.claimLost("c", Map.of(READ_BEFORE, 2L));

        ledger.forgetLostDeliveries("c");

        assertFalse(ledger.accountForLostDelivery("c", LOST_IN_READ, 1));
        assertFalse(ledger.accountForLostDelivery("c", READ_BEFORE, 2));
    }

    @Test
    void aLostFirstReadCoversEveryEntry() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.newReadLost("c", null);

        assertTrue(ledger.accountForLostDelivery("c", READ_BEFORE, 1));
    }
}
