package dev.camelredis.examples.orders;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.camelredis.examples.orders.OrderProcessingApplication.Settings;
import dev.camelredis.examples.orders.OrderProcessingResult.DeadLetter;
import dev.camelredis.examples.orders.OrderProcessingResult.Takeover;
import dev.camelredis.testservice.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderProcessingApplicationIT {

    @RegisterExtension
    static RedisServerExtension REDIS = new RedisServerExtension();

    /** A 1 s run: order 4 is the poison, analytics-3 hangs from order 14 on. */
    private static final Settings SMALL = new Settings(40, Duration.ofMillis(25), Duration.ofSeconds(60));

    @Test
    void nothingIsLostWhileAConsumerHangsAndAnOrderFailsForever() throws Exception {
        OrderProcessingResult result = OrderProcessingApplication.run(REDIS.server().redisUri(), SMALL, System.out);

        assertTrue(result.nothingLost(), result::toString);
        assertPoisonOrderDeadLetteredOncePerGroup(result);
        assertStuckEntriesReclaimedByTheOtherAnalyticsConsumers(result);
    }

    private static void assertPoisonOrderDeadLetteredOncePerGroup(OrderProcessingResult result) {
        List<DeadLetter> deadLetters = result.deadLetters();
        assertEquals(Set.of(OrderRoutes.ANALYTICS, OrderRoutes.NOTIFICATIONS),
                deadLetters.stream().map(DeadLetter::group).collect(Collectors.toSet()), result::toString);
        for (DeadLetter letter : deadLetters) {
            assertEquals(SMALL.poisonOrder(), letter.orderId(), result::toString);
            assertEquals(String.valueOf(OrderRoutes.MAX_DELIVERIES), letter.deliveries(), result::toString);
            assertTrue(letter.error().contains("negative amount"), result::toString);
        }
        assertEquals(2, deadLetters.size(), result::toString);
    }

    private static void assertStuckEntriesReclaimedByTheOtherAnalyticsConsumers(OrderProcessingResult result) {
        assertFalse(result.takeovers().isEmpty(), () -> "analytics-3 never got stuck\n" + result);
        assertTrue(result.stuckEntriesReclaimed(), result::toString);
        for (Takeover takeover : result.takeovers()) {
            assertTrue(List.of("analytics-1", "analytics-2").contains(takeover.consumer()), result::toString);
            assertTrue(takeover.deliveryCount() >= 2, result::toString);
        }
    }
}
