package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reply lost on the network after Redis executed the command: Redis counted a delivery that no route saw. The
 * consumer must not count it again when it takes the entry after reconnecting, so the count a route sees is how often
 * the entry was routed, and maxDeliveries dead-letters no entry early.
 */
class LostRepliesTest extends RedisStreamsTestSupport {

    /** The delivery count header of each hand-over, per entry ID. */
    private final Map<String, List<Integer>> handOvers = new ConcurrentHashMap<>();

    private void record(Message message) {
        handOvers.computeIfAbsent(message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                id -> new CopyOnWriteArrayList<>()).add(message.getHeader(RedisStreamsConstants.DELIVERY_COUNT, Integer.class));
    }

    @Test
    void anEntryWhoseReadReplyWasLostIsRoutedOnceAsItsFirstDelivery() throws Exception {
        try (ReplyDroppingProxy proxy = new ReplyDroppingProxy(server().host(), server().port())) {
            String key = uniqueKey("lost-read");
            startContext(new RouteBuilder() {
                @Override
                public void configure() {
                    // maxDeliveries=1: counting the lost read would dead-letter the entry before any route saw it
                    from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=5000&reconnectMaxDelay=200"
                         + "&maxDeliveries=1&redisUri=RAW(" + proxy.redisUri(server().redisUri()) + ")")
                            .process(e -> record(e.getMessage()));
                }
            });
            await("the group", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
            proxy.loseNextReplyTo("XREADGROUP");
            await("a read whose reply is to be lost", Duration.ofSeconds(10), proxy::armedCommandSent);
            String id = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "lost once")).toString();

            await("the entry routed and acknowledged", Duration.ofSeconds(15),
                    () -> handOvers.containsKey(id) && pendingCount(key, "g") == 0);
            assertEquals(1, proxy.droppedReplies().size(), "replies lost");
            assertTrue(proxy.droppedReplies().get(0).contains(id), "the lost reply carried the entry");
            assertEquals(Map.of(id, List.of(1)), handOvers, "delivery count of each hand-over, per entry");
            assertEquals(0, redis.xlen(key + ":dlq"), "dead letters");
        }
    }

    @Test
    void anEntryWhoseClaimReplyWasLostIsRoutedAgainWithTheCountOfItsRoutes() throws Exception {
        try (ReplyDroppingProxy proxy = new ReplyDroppingProxy(server().host(), server().port())) {
            String key = uniqueKey("lost-claim");
            startContext(new RouteBuilder() {
                @Override
                public void configure() {
                    // the first hand-over fails; maxDeliveries=2 allows exactly one more, which counting the lost
                    // claim would turn into a dead letter
                    from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=200&reconnectMaxDelay=200"
                         + "&claimMinIdleTime=300&claimInterval=100&renewInFlight=false&maxDeliveries=2"
                         + "&redisUri=RAW(" + proxy.redisUri(server().redisUri()) + ")")
                            .process(e -> {
                                record(e.getMessage());
                                if (e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Integer.class) == 1) {
                                    proxy.loseNextReplyTo("XCLAIM");
                                    throw new IllegalStateException("first hand-over fails");
                                }
                            });
                }
            });
            String id = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "claimed twice")).toString();

            await("the entry routed again and acknowledged", Duration.ofSeconds(15),
                    () -> handOvers.getOrDefault(id, List.of()).size() == 2 && pendingCount(key, "g") == 0);
            assertEquals(1, proxy.droppedReplies().size(), "replies lost");
            assertTrue(proxy.droppedReplies().get(0).contains(id), "the lost reply carried the entry");
            assertEquals(Map.of(id, List.of(1, 2)), handOvers, "delivery count of each hand-over, per entry");
            assertEquals(0, redis.xlen(key + ":dlq"), "dead letters");
        }
    }
}
