package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batching of the hot path keeps every guarantee: acks coalesce but each entry is acked once and only after its
 * exchange; the in-flight bound holds; one consumer keeps stream order; List bodies and concurrent senders are
 * pipelined without losing order or entries.
 */
class HotPathTest extends RedisStreamsTestSupport {

    @Test
    void acksCoalesceAndEveryEntryIsAckedOnce() throws Exception {
        String key = uniqueKey("hot");
        addEntries(key, 5000);
        long xackCallsBefore = xackCalls();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=100").routeId("hot").to("mock:noop");
            }
        });
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("hot").getConsumer();

        await("all acked", Duration.ofSeconds(30), () -> consumer.getCounters().getAcked() == 5000);
        context.stop();
        long xackCalls = xackCalls() - xackCallsBefore;
        assertEquals(5000, consumer.getCounters().getDelivered());
        assertEquals(5000, consumer.getCounters().getAcked(), "Redis confirmed 5000 acks: none twice, none missing");
        assertEquals(0, pendingCount(key, "g"));
        assertTrue(xackCalls <= 500, "acks share XACK calls, 10 IDs or more each: " + xackCalls + " calls for 5000 entries");
    }

    @Test
    void inFlightBoundHoldsForAnAsynchronousRoute() throws Exception {
        String key = uniqueKey("hot");
        addEntries(key, 60);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=10&maxInFlight=5")
                        .threads(20)
                        .process(e -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Thread.sleep(50);
                            running.decrementAndGet();
                            done.incrementAndGet();
                        });
            }
        });

        await("all processed and acked", Duration.ofSeconds(30), () -> done.get() == 60 && pendingCount(key, "g") == 0);
        assertEquals(5, peak.get(), "at most maxInFlight exchanges at once, and the bound is reached");
    }

    @Test
    void oneConsumerWithASynchronousRouteKeepsStreamOrder() throws Exception {
        String key = uniqueKey("hot");
        List<StreamEntryID> ids = addEntries(key, 2000);
        List<String> seen = new CopyOnWriteArrayList<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=50")
                        .process(e -> seen.add(e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class)));
            }
        });

        await("all processed", Duration.ofSeconds(30), () -> seen.size() == 2000);
        assertEquals(ids.stream().map(StreamEntryID::toString).toList(), seen);
    }

    @Test
    void listBodyIsAddedInOneGoAndReturnsTheIdsInOrder() throws Exception {
        String key = uniqueKey("hot");
        List<Object> body = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            body.add(i % 2 == 0 ? Map.of("n", i) : "payload-" + i);
        }
        ProducerTemplate producer = startContext().createProducerTemplate();

        Exchange result = producer.send("redis-streams:" + key, e -> e.getMessage().setBody(body));

        List<?> returned = result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, List.class);
        List<StreamEntry> stored = redis.xrange(key, "-", "+");
        assertEquals(stored.stream().map(entry -> entry.getID().toString()).toList(), returned);
        for (int i = 0; i < 100; i++) {
            Map<String, String> expected = i % 2 == 0 ? Map.of("n", String.valueOf(i)) : Map.of("payload", "payload-" + i);
            assertEquals(expected, stored.get(i).getFields(), "entry " + i);
        }
    }

    @Test
    void badListBodiesWriteNothing() throws Exception {
        String key = uniqueKey("hot");
        ProducerTemplate producer = startContext().createProducerTemplate();
        List<Object> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);

        assertTrue(failure(producer, key, List.of()).contains("empty List"));
        assertTrue(failure(producer, key, withNull).contains("element 1 of the body List is null"));
        assertTrue(failure(producer, key, List.of("a", Map.of())).contains("element 1 of the body List"));
        CamelExecutionException withId = assertThrows(CamelExecutionException.class,
                () -> producer.sendBodyAndHeader("redis-streams:" + key, List.of("a"), RedisStreamsConstants.EXPLICIT_ID, "1-1"));
        assertTrue(withId.getCause().getMessage().contains("remove that header"), withId.getCause().getMessage());
        assertFalse(redis.exists(key), "nothing written");
    }

    @Test
    void concurrentSendersLoseNothing() throws Exception {
        String key = uniqueKey("hot");
        ProducerTemplate producer = startContext().createProducerTemplate();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(senders.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        ids.add(producer.send("redis-streams:" + key, e -> e.getMessage().setBody("x"))
                                .getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }
        assertEquals(2000, ids.size(), "2000 distinct IDs returned");
        assertEquals(2000, redis.xlen(key));
    }

    private static String failure(ProducerTemplate producer, String key, Object body) {
        return assertThrows(CamelExecutionException.class, () -> producer.sendBody("redis-streams:" + key, body))
                .getCause().getMessage();
    }

    private long xackCalls() {
        for (String line : redis.info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_xack:")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }
}
