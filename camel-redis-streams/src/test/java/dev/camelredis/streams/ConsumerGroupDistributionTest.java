package dev.camelredis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's picture: the entries of a stream spread over the consumers of a group, each processed by exactly one
 * of them and acknowledged; every group gets every entry.
 */
class ConsumerGroupDistributionTest extends RedisStreamsTestSupport {

    private static final int ENTRIES = 5000;

    @Test
    void concurrentConsumersProcessEachEntryExactlyOnce() throws Exception {
        String key = uniqueKey("orders");
        Deliveries deliveries = new Deliveries();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=order_processors&consumerName=node&concurrentConsumers=3&startId=0")
                        .process(deliveries::record);
            }
        });

        List<StreamEntryID> ids = addEntries(key, ENTRIES);

        await("all entries processed and acked", Duration.ofSeconds(60),
                () -> deliveries.byId.size() == ENTRIES && pendingCount(key, "order_processors") == 0);
        deliveries.assertExactlyOnce(ids);
        assertEquals(Set.of("node-1", "node-2", "node-3"), deliveries.byConsumer.keySet(),
                "each reader is its own consumer of the group");
        deliveries.byConsumer.forEach((consumer, count) -> assertTrue(count.get() > 0, consumer + " got no entry"));
    }

    @Test
    void threeRoutesOfOneGroupShareTheEntries() throws Exception {
        String key = uniqueKey("orders");
        Deliveries deliveries = new Deliveries();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                for (String name : List.of("a", "b", "c")) {
                    from("redis-streams:" + key + "?group=order_processors&startId=0&consumerName=" + name)
                            .process(deliveries::record);
                }
            }
        });

        List<StreamEntryID> ids = addEntries(key, ENTRIES);

        await("all entries processed and acked", Duration.ofSeconds(60),
                () -> deliveries.byId.size() == ENTRIES && pendingCount(key, "order_processors") == 0);
        deliveries.assertExactlyOnce(ids);
        assertEquals(Set.of("a", "b", "c"), deliveries.byConsumer.keySet());
    }

    @Test
    void everyGroupGetsEveryEntry() throws Exception {
        String key = uniqueKey("orders");
        Deliveries analytics = new Deliveries();
        Deliveries notifications = new Deliveries();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=analytics&concurrentConsumers=3").process(analytics::record);
                from("redis-streams:" + key + "?group=notifications&concurrentConsumers=2").process(notifications::record);
            }
        });
        // groups start at $: wait until both exist before producing
        await("both groups created", Duration.ofSeconds(10),
                () -> redis.exists(key) && redis.xinfoGroups(key).size() == 2);

        List<StreamEntryID> ids = addEntries(key, 1000);

        await("both groups processed everything", Duration.ofSeconds(60),
                () -> analytics.byId.size() == 1000 && notifications.byId.size() == 1000
                        && pendingCount(key, "analytics") == 0 && pendingCount(key, "notifications") == 0);
        analytics.assertExactlyOnce(ids);
        notifications.assertExactlyOnce(ids);
    }

    /** What a route saw: how often each entry ID, and how many entries each consumer name. */
    static final class Deliveries {
        final Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> byConsumer = new ConcurrentHashMap<>();

        void record(Exchange exchange) {
            byId.computeIfAbsent(exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                    id -> new AtomicInteger()).incrementAndGet();
            byConsumer.computeIfAbsent(exchange.getMessage().getHeader(RedisStreamsConstants.CONSUMER_NAME, String.class),
                    name -> new AtomicInteger()).incrementAndGet();
        }

        void assertExactlyOnce(List<StreamEntryID> ids) {
            assertEquals(ids.size(), byId.size(), "distinct entries processed");
            for (StreamEntryID id : ids) {
                AtomicInteger count = byId.get(id.toString());
                assertEquals(1, count == null ? 0 : count.get(), "deliveries of " + id);
            }
        }
    }
}
