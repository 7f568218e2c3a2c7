package dev.camelredis.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * What a route sees of an entry: the body holds exactly the entry's fields, whatever fields the entries before it had
 * (the consumer reuses the names of the previous entries), and the headers are all there as soon as the route looks,
 * including in copies made by the route and after the route set headers of its own.
 */
class EntryMappingTest extends RedisStreamsTestSupport {

    private static final byte[] NOT_UTF8 = { (byte) 0xff, 0, (byte) 0xc3, 'x' };

    @Test
    void eachBodyHoldsExactlyItsEntrysFieldsWhenTheFieldsChangeFromEntryToEntry() throws Exception {
        String key = uniqueKey("mapping");
        byte[][][] entries = {
                fields("seq", "1", "customer", "c-1"),
                fields("seq", "2", "customer", "c-2"),
                fields("customer", "c-3", "seq", "3"),
                fields("seq", "4", "customer", "c-4", "note", "caf\u00e9"),
                fields("seq", "5"),
                fields("seq", "6", "customer", "c-6"),
                fields("s\u00e9q", "7", "text", "replacement \uFFFD is text"),
                { "seq".getBytes(StandardCharsets.UTF_8), "8".getBytes(StandardCharsets.UTF_8),
                  "raw".getBytes(StandardCharsets.UTF_8), NOT_UTF8 },
                fields("seq", "9", "customer", "c-9"),
        };
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        for (byte[][] entry : entries) {
            byte[][] args = new byte[entry.length + 2][];
            args[0] = keyBytes;
            args[1] = "*".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(entry, 0, args, 2, entry.length);
            redis.sendCommand(keyBytes, Protocol.Command.XADD, args);
        }
        List<StreamEntry> inRedis = redis.xrange(key, (StreamEntryID) null, null);
        Map<String, Map<?, ?>> bodies = new ConcurrentHashMap<>();

        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=3")
                        .process(exchange -> bodies.put(exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID,
                                String.class), exchange.getMessage().getBody(Map.class)));
            }
        });

        await("every entry routed", Duration.ofSeconds(10), () -> bodies.size() == entries.length);
        for (int i = 0; i < entries.length; i++) {
            Map<?, ?> body = bodies.get(inRedis.get(i).getID().toString());
            Map<String, Object> expected = new LinkedHashMap<>();
            byte[][] entry = entries[i];
            for (int f = 0; f < entry.length; f += 2) {
                expected.put(new String(entry[f], StandardCharsets.UTF_8),
                        entry[f + 1] == NOT_UTF8 ? NOT_UTF8 : new String(entry[f + 1], StandardCharsets.UTF_8));
            }
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(body.keySet()), "field names of entry " + i);
            for (Map.Entry<String, Object> field : expected.entrySet()) {
                if (field.getValue() instanceof byte[] bytes) {
                    assertArrayEquals(bytes, assertInstanceOf(byte[].class, body.get(field.getKey())),
                            "invalid UTF-8 stays byte[] in entry " + i);
                } else {
                    assertEquals(field.getValue(), body.get(field.getKey()), field.getKey() + " of entry " + i);
                }
            }
        }
    }

    @Test
    void headersAreThereInCopiesAndTheRoutesOwnHeadersWin() throws Exception {
        String key = uniqueKey("mapping");
        StreamEntryID id = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "hello"));
        Map<String, Message> seen = new ConcurrentHashMap<>();

        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0").routeId("in")
                        // the copy is made before anything read a header
                        .process(exchange -> seen.put("copy", exchange.getMessage().copy()))
                        .setHeader(RedisStreamsConstants.REDELIVERED, constant("set by the route"))
                        .process(exchange -> seen.put("after", exchange.getMessage().copy()));
            }
        });

        await("entry routed", Duration.ofSeconds(10), () -> seen.size() == 2);
        Message copy = seen.get("copy");
        assertEquals("hello", copy.getBody());
        assertEquals(key, copy.getHeader(RedisStreamsConstants.STREAM_KEY));
        assertEquals(id.toString(), copy.getHeader(RedisStreamsConstants.MESSAGE_ID));
        assertEquals("g", copy.getHeader(RedisStreamsConstants.GROUP));
        assertInstanceOf(String.class, copy.getHeader(RedisStreamsConstants.CONSUMER_NAME));
        assertEquals(id.getTime(), copy.getHeader(RedisStreamsConstants.TIMESTAMP));
        assertEquals(Map.of("payload", "hello"), copy.getHeader(RedisStreamsConstants.FIELDS));
        assertEquals(1L, copy.getHeader(RedisStreamsConstants.DELIVERY_COUNT));
        assertEquals(false, copy.getHeader(RedisStreamsConstants.REDELIVERED));
        assertEquals(8, copy.getHeaders().size(), "the entry's headers: " + copy.getHeaders().keySet());
        Message after = seen.get("after");
        assertEquals("set by the route", after.getHeader(RedisStreamsConstants.REDELIVERED));
        assertEquals(id.toString(), after.getHeader(RedisStreamsConstants.MESSAGE_ID));
        assertEquals(8, after.getHeaders().size(), "the entry's headers: " + after.getHeaders().keySet());
    }

    private static byte[][] fields(String... namesAndValues) {
        byte[][] bytes = new byte[namesAndValues.length][];
        for (int i = 0; i < namesAndValues.length; i++) {
            bytes[i] = namesAndValues[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
