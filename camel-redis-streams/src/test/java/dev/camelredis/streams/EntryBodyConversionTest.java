package dev.camelredis.streams;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A consumed entry reads as JSON where a Camel user expects it: unmarshal().json(...) and convertBodyTo(String.class)
 * on an entry of several fields, as on an entry whose payload field holds JSON.
 */
class EntryBodyConversionTest extends RedisStreamsTestSupport {

    /** An order as the example routes send it. */
    public static class Order {
        public String id;
        public int quantity;
        public String customer;
    }

    @Test
    void entryOfSeveralFieldsUnmarshalsAsAJsonObject() throws Exception {
        String key = uniqueKey("orders");
        BlockingQueue<Object> received = consume(key, route -> route.unmarshal().json(Order.class));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "A-1");
        fields.put("quantity", "3");
        fields.put("customer", "Zoë \"the\" buyer");
        redis.xadd(key, StreamEntryID.NEW_ENTRY, fields);

        Order order = assertInstanceOf(Order.class, received.poll(10, TimeUnit.SECONDS));
        assertEquals("A-1", order.id);
        assertEquals(3, order.quantity);
        assertEquals("Zoë \"the\" buyer", order.customer);
    }

    @Test
    void entryOfSeveralFieldsConvertsToJsonTextInStreamOrder() throws Exception {
        String key = uniqueKey("text");
        BlockingQueue<Object> received = consume(key, route -> route.convertBodyTo(String.class));
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put("id".getBytes(StandardCharsets.UTF_8), "A-1".getBytes(StandardCharsets.UTF_8));
        fields.put("blob".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xff, 0x00, 0x01 });
        fields.put("note".getBytes(StandardCharsets.UTF_8), "a/b \\ \"c\"\nd\u0001".getBytes(StandardCharsets.UTF_8));
        redis.xadd(key.getBytes(StandardCharsets.UTF_8), XAddParams.xAddParams(), fields);

        assertEquals("{\"id\":\"A-1\",\"blob\":\"/wAB\",\"note\":\"a/b \\\\ \\\"c\\\"\\nd\\u0001\"}",
                received.poll(10, TimeUnit.SECONDS), "binary values as Base64");
    }

    @Test
    void entryOfSeveralFieldsConvertsToJsonBytes() throws Exception {
        String key = uniqueKey("bytes");
        BlockingQueue<Object> received = consume(key, route -> route.convertBodyTo(byte[].class));
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("id", "A-1"));

        assertArrayEquals("{\"id\":\"A-1\"}".getBytes(StandardCharsets.UTF_8), (byte[]) received.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void payloadFieldHoldingJsonUnmarshalsAsItIs() throws Exception {
        String key = uniqueKey("payload");
        BlockingQueue<Object> received = consume(key, route -> route.unmarshal().json(Order.class));
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "{\"id\":\"A-2\",\"quantity\":5}", "source", "web"));

        Order order = assertInstanceOf(Order.class, received.poll(10, TimeUnit.SECONDS));
        assertEquals("A-2", order.id);
        assertEquals(5, order.quantity);
    }

    @Test
    void mapBodySentByTheProducerComesBackAsJson() throws Exception {
        String key = uniqueKey("roundtrip");
        BlockingQueue<Object> received = consume(key, route -> route.unmarshal().json(Order.class));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "A-3");
        body.put("quantity", 7);
        CamelContext producer = newContext();
        producer.start();
        producer.createProducerTemplate().sendBody("redis-streams:" + key, body);

        Order order = assertInstanceOf(Order.class, received.poll(10, TimeUnit.SECONDS));
        assertEquals("A-3", order.id);
        assertEquals(7, order.quantity);
    }

    @Test
    void otherMapsOfTheApplicationKeepCamelsUsualConversion() throws Exception {
        CamelContext context = newContext();
        context.start();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", "b");
        assertEquals("{a=b}", context.getTypeConverter().convertTo(String.class, map));
        StreamEntryFields fields = new StreamEntryFields();
        fields.put("a", "b");
        assertEquals("{\"a\":\"b\"}", context.getTypeConverter().convertTo(String.class, fields));
    }

    private interface RouteTail {
        void append(RouteDefinition route);
    }

    private BlockingQueue<Object> consume(String key, RouteTail tail) throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                RouteDefinition route = from("redis-streams:" + key + "?group=g&startId=0");
                tail.append(route);
                route.process(exchange -> received.add(exchange.getMessage().getBody()));
            }
        });
        return received;
    }
}
