package dev.camelredis.streams;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XADD from routes: bodies become fields, IDs come back, trimming works, bad bodies write nothing.
 */
class ProducerTest extends RedisStreamsTestSupport {

    @Test
    void mapStringAndBytesRoundTripThroughAConsumer() throws Exception {
        String key = uniqueKey("orders");
        BlockingQueue<Exchange> received = new ArrayBlockingQueue<>(10);
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0").process(received::add);
            }
        });
        ProducerTemplate producer = context.createProducerTemplate();
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", "o-1");
        order.put("amount", 42);
        order.put("currency", "EUR");
        byte[] binary = { 0, (byte) 0xff, (byte) 0xc3, 0x28, 127 };

        Exchange mapExchange = producer.send("redis-streams:" + key, e -> e.getMessage().setBody(order));
        Exchange textExchange = producer.send("redis-streams:" + key, e -> e.getMessage().setBody("hello ✓"));
        Exchange bytesExchange = producer.send("redis-streams:" + key, e -> e.getMessage().setBody(binary));

        String assignedId = mapExchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
        assertNotNull(assignedId, "the producer returns the ID Redis assigned");

        Exchange first = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertEquals(assignedId, first.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID));
        Map<?, ?> body = first.getMessage().getBody(Map.class);
        assertEquals(List.of("orderId", "amount", "currency"), List.copyOf(body.keySet()), "fields keep their order");
        assertEquals(Map.of("orderId", "o-1", "amount", "42", "currency", "EUR"), body);
        assertEquals(key, first.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY));
        assertEquals("g", first.getMessage().getHeader(RedisStreamsConstants.GROUP));
        assertEquals(1L, first.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT));
        assertEquals(new StreamEntryID(assignedId).getTime(), first.getMessage().getHeader(RedisStreamsConstants.TIMESTAMP));

        Exchange text = received.poll(10, TimeUnit.SECONDS);
        assertEquals("hello ✓", text.getMessage().getBody());
        assertEquals(textExchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID),
                text.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID));

        Exchange bytes = received.poll(10, TimeUnit.SECONDS);
        assertInstanceOf(byte[].class, bytes.getMessage().getBody(), "invalid UTF-8 stays binary");
        assertArrayEquals(binary, (byte[]) bytes.getMessage().getBody());
        assertNotNull(bytesExchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID));
    }

    @Test
    void explicitIdFromItsOwnHeaderIsUsedAndRemoved() throws Exception {
        String key = uniqueKey("events");
        ProducerTemplate producer = startContext().createProducerTemplate();

        Exchange result = producer.send("redis-streams:" + key, e -> {
            e.getMessage().setBody("first");
            e.getMessage().setHeader(RedisStreamsConstants.EXPLICIT_ID, "1700000000000-7");
        });

        assertEquals("1700000000000-7", result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID));
        assertNull(result.getMessage().getHeader(RedisStreamsConstants.EXPLICIT_ID), "used once, then removed");
        StreamEntry entry = redis.xrange(key, "-", "+").get(0);
        assertEquals("1700000000000-7", entry.getID().toString());
        assertEquals(Map.of("payload", "first"), entry.getFields());

        Exchange stale = producer.send("redis-streams:" + key, e -> {
            e.getMessage().setBody("again");
            e.getMessage().setHeader(RedisStreamsConstants.EXPLICIT_ID, "1-1");
        });
        assertTrue(stale.getException().getMessage().contains("The header " + RedisStreamsConstants.EXPLICIT_ID
                                                              + " asked for ID 1-1"), stale.getException().getMessage());
        assertEquals("1-1", stale.getMessage().getHeader(RedisStreamsConstants.EXPLICIT_ID), "kept for a retry");
        assertEquals(1, redis.xlen(key));
    }

    @Test
    void theIdOfAnEntryReadIsNotAnInputOfTheProducer() throws Exception {
        String key = uniqueKey("events");
        redis.xadd(key, new StreamEntryID(1, 0), Map.of("payload", "older"));
        ProducerTemplate producer = startContext().createProducerTemplate();

        Exchange result = producer.send("redis-streams:" + key, e -> {
            e.getMessage().setBody("new");
            e.getMessage().setHeader(RedisStreamsConstants.MESSAGE_ID, "1-0");
        });

        assertNull(result.getException());
        assertNotEquals("1-0", result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID), "Redis assigned a new ID");
        assertEquals(2, redis.xlen(key));
    }

    @Test
    void aStreamBridgedIntoAnotherCopiesEveryEntryOnceAndAcksTheSource() throws Exception {
        String source = uniqueKey("source");
        String target = uniqueKey("target");
        List<StreamEntryID> sourceIds = addEntries(source, 200);
        // the target already has an entry newer than every source entry: copying source IDs would fail
        redis.xadd(target, StreamEntryID.NEW_ENTRY, Map.of("payload", "before"));
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + source + "?group=g&startId=0").to("redis-streams:" + target);
            }
        });

        await("all 200 copied and the source acked", Duration.ofSeconds(20),
                () -> redis.xlen(target) == 201 && pendingCount(source, "g") == 0);
        Map<String, Integer> copiesPerSourceEntry = new HashMap<>();
        List<StreamEntry> copied = redis.xrange(target, "-", "+");
        for (StreamEntry entry : copied.subList(1, copied.size())) {
            copiesPerSourceEntry.merge(entry.getFields().get("payload"), 1, Integer::sum);
            assertFalse(sourceIds.contains(entry.getID()), "the copy has an ID of its own: " + entry.getID());
        }
        assertEquals(200, copiesPerSourceEntry.size());
        assertTrue(copiesPerSourceEntry.values().stream().allMatch(n -> n == 1), "each once: " + copiesPerSourceEntry);
        assertEquals(sourceIds.get(199), redis.xinfoGroups(source).get(0).getLastDeliveredId(), "the group read them all");
    }

    @Test
    void aPojoBodyIsRefusedNamingItsClassAndTheFix() throws Exception {
        String key = uniqueKey("events");
        ProducerTemplate producer = startContext().createProducerTemplate();

        String message = assertBadBody(producer, key, new Order("o-1", 42), "the body is a " + Order.class.getName());
        assertTrue(message.contains("marshal().json()") && message.contains("Map"), message);
        assertBadBody(producer, key, Map.of("order", new Order("o-2", 7)), "the field 'order' is a " + Order.class.getName());
        assertBadBody(producer, key, List.of("ok", new Order("o-3", 1)),
                "element 1 of the body List is a " + Order.class.getName());
        assertBadBody(producer, key, List.of(Map.of("a", "1"), Map.of("order", new Order("o-4", 2))),
                "the field 'order' (element 1 of the body List) is a " + Order.class.getName());
        assertFalse(redis.exists(key), "nothing was written");

        // what Camel converts to text by a converter of its own is written
        producer.sendBody("redis-streams:" + key, new ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8)));
        producer.sendBody("redis-streams:" + key, 42);
        assertEquals(List.of("streamed", "42"),
                redis.xrange(key, "-", "+").stream().map(entry -> entry.getFields().get("payload")).toList());
    }

    @Test
    void aLongListBodyIsWrittenInPipelinesOfBoundedSize() throws Exception {
        String key = uniqueKey("events");
        ProducerTemplate producer = startContext().createProducerTemplate();
        List<String> body = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            body.add(Integer.toString(i));
        }
        // one pipeline of 300,000 XADDs makes Redis hold about 6 MB of replies for the client: over this limit, Redis
        // closes the connection
        redis.configSet("client-output-buffer-limit", "normal 1mb 1mb 0");
        Exchange result;
        try {
            result = producer.send("redis-streams:" + key, e -> e.getMessage().setBody(body));
        } finally {
            redis.configSet("client-output-buffer-limit", "normal 0 0 0");
        }

        assertNull(result.getException());
        assertEquals(300_000, redis.xlen(key));
        List<?> ids = result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, List.class);
        assertEquals(300_000, ids.size());
        assertEquals(300_000, new HashSet<>(ids).size(), "an ID of its own for each entry");
        assertEquals("299999", redis.xrevrange(key, "+", "-", 1).get(0).getFields().get("payload"), "in order");
    }

    @Test
    void payloadFieldNamesTheField() throws Exception {
        String key = uniqueKey("events");
        startContext().createProducerTemplate().sendBody("redis-streams:" + key + "?payloadField=json", "{\"a\":1}");
        assertEquals(Map.of("json", "{\"a\":1}"), redis.xrange(key, "-", "+").get(0).getFields());
    }

    @Test
    void maxLenTrimsExactlyOrApproximately() throws Exception {
        String exactKey = uniqueKey("exact");
        String approxKey = uniqueKey("approx");
        ProducerTemplate producer = startContext().createProducerTemplate();
        for (int i = 0; i < 300; i++) {
            producer.sendBody("redis-streams:" + exactKey + "?maxLen=10&approximateTrimming=false", "e" + i);
            producer.sendBody("redis-streams:" + approxKey + "?maxLen=10", "a" + i);
        }
        assertEquals(10, redis.xlen(exactKey));
        assertEquals("e299", redis.xrevrange(exactKey, "+", "-", 1).get(0).getFields().get("payload"));
        long approx = redis.xlen(approxKey);
        assertTrue(approx >= 10 && approx < 300, "MAXLEN ~ 10 keeps at least 10, trims whole nodes: " + approx);
    }

    @Test
    void maxAgeTrimsOldEntries() throws Exception {
        String key = uniqueKey("events");
        long old = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 5; i++) {
            redis.xadd(key, new StreamEntryID(old + i, 0), Map.of("payload", "old" + i));
        }
        startContext().createProducerTemplate()
                .sendBody("redis-streams:" + key + "?maxAge=10m&approximateTrimming=false", "fresh");
        List<StreamEntry> left = redis.xrange(key, "-", "+");
        assertEquals(1, left.size(), "entries older than 10 minutes are trimmed");
        assertEquals("fresh", left.get(0).getFields().get("payload"));
    }

    @Test
    void noMkStreamFailsOnAMissingStreamAndCreatesNothing() throws Exception {
        String key = uniqueKey("missing");
        ProducerTemplate producer = startContext().createProducerTemplate();
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> producer.sendBody("redis-streams:" + key + "?noMkStream=true", "x"));
        assertTrue(e.getCause().getMessage().contains("noMkStream=true"), e.getCause().getMessage());
        assertEquals(0, redis.exists(key) ? 1 : 0);
    }

    @Test
    void badBodiesFailWithAClearMessageAndWriteNothing() throws Exception {
        String key = uniqueKey("events");
        ProducerTemplate producer = startContext().createProducerTemplate();
        Map<String, Object> nullValue = new LinkedHashMap<>();
        nullValue.put("a", "1");
        nullValue.put("b", null);
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "1");

        assertBadBody(producer, key, null, "the body is null");
        assertBadBody(producer, key, Map.of(), "empty Map");
        assertBadBody(producer, key, nullValue, "the field 'b' has a null value");
        assertBadBody(producer, key, nullKey, "null key");
        assertBadBody(producer, key, List.of(Map.of("a", "1"), nullValue),
                "the field 'b' (element 1 of the body List) has a null value");
        assertBadBody(producer, key, List.of(Map.of("a", "1"), Map.of()), "the body is an empty Map (element 1 of the body List)");
        assertEquals(false, redis.exists(key), "nothing was written");
    }

    @Test
    void aKeyOfAnotherTypeFailsTheExchangeNamingTheKey() throws Exception {
        String key = uniqueKey("text");
        redis.set(key, "not a stream");
        ProducerTemplate producer = startContext().createProducerTemplate();
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> producer.sendBody("redis-streams:" + key, "x"));
        assertTrue(e.getCause().getMessage().contains("holds a value that is not a stream"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains(key));
        assertEquals("not a stream", redis.get(key));
    }

    private static String assertBadBody(ProducerTemplate producer, String key, Object body, String expected) {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> producer.sendBody("redis-streams:" + key, body));
        String message = e.getCause().getMessage();
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        assertTrue(message.startsWith("Cannot add the message to the stream"), message);
        return message;
    }

    /** A POJO without a converter to text: Object.toString() would write Order@1b2c3d. */
    public static final class Order {
        final String id;
        final int amount;

        Order(String id, int amount) {
            this.id = id;
            this.amount = amount;
        }
    }
}
