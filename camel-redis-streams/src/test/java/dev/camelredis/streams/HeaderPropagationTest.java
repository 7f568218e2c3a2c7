package dev.camelredis.streams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel headers through a stream with propagateHeaders: what the producer writes, what a plain consumer sees, what a
 * consumer with the option gets back; and nothing of it without the option.
 */
class HeaderPropagationTest extends RedisStreamsTestSupport {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void traceparentCrossesTheStreamAndCamelHeadersStayBehind() throws Exception {
        String key = uniqueKey("traced");
        BlockingQueue<Message> received = consume(key, "&propagateHeaders=true");
        send("redis-streams:" + key + "?propagateHeaders=true", "order-1",
                Map.of("traceparent", TRACEPARENT, "tenant", "acme", "attempt", 3, "CamelFileName", "local.txt"));

        Message message = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "the entry was consumed");
        assertEquals("order-1", message.getBody());
        assertEquals(TRACEPARENT, message.getHeader("traceparent"));
        assertEquals("acme", message.getHeader("tenant"));
        assertEquals("3", message.getHeader("attempt"), "values travel as text");
        assertNull(message.getHeader("CamelFileName"), "Camel's own headers are not carried");
        assertEquals(Map.of("payload", "order-1"), message.getHeader(RedisStreamsConstants.FIELDS),
                "the header fields are not data fields");

        // what redis-cli sees
        StreamEntry entry = redis.xrange(key, "-", "+").get(0);
        assertEquals(Map.of("payload", "order-1", "camel-header:traceparent", TRACEPARENT, "camel-header:tenant", "acme",
                "camel-header:attempt", "3"), entry.getFields());
    }

    @Test
    void withoutTheOptionNothingIsWrittenAndPrefixedFieldsAreData() throws Exception {
        String key = uniqueKey("plain");
        BlockingQueue<Message> received = consume(key, "");
        send("redis-streams:" + key, "order-2", Map.of("traceparent", TRACEPARENT));
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("id", "order-3", "camel-header:traceparent", TRACEPARENT));

        Message first = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNull(first.getHeader("traceparent"));
        assertEquals(Map.of("payload", "order-2"), redis.xrange(key, "-", "+").get(0).getFields(), "no header field written");

        Message second = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(second);
        assertNull(second.getHeader("traceparent"), "a consumer without the option turns no field into a header");
        assertEquals(Map.of("id", "order-3", "camel-header:traceparent", TRACEPARENT), second.getBody());
    }

    @Test
    void mapAndListBodiesCarryTheHeadersBesideTheirFields() throws Exception {
        String key = uniqueKey("mapped");
        BlockingQueue<Message> received = consume(key, "&propagateHeaders=true");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "A-1");
        order.put("quantity", 2);
        send("redis-streams:" + key + "?propagateHeaders=true", List.of(order, Map.of("id", "A-2")),
                Map.of("traceparent", TRACEPARENT));

        for (String id : List.of("A-1", "A-2")) {
            Message message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, id);
            assertEquals(TRACEPARENT, message.getHeader("traceparent"), id);
            Map<?, ?> body = assertInstanceOf(StreamEntryFields.class, message.getBody());
            assertEquals(id, body.get("id"));
            assertFalse(body.containsKey("camel-header:traceparent"), "the body holds the data fields only: " + body);
        }
        assertEquals(List.of("id", "quantity", "camel-header:traceparent"),
                List.copyOf(redis.xrange(key, "-", "+").get(0).getFields().keySet()), "data fields first, then headers");
    }

    @Test
    void aBodyFieldWithThePrefixFailsAndWritesNothing() throws Exception {
        String key = uniqueKey("clash");
        CamelContext context = newContext();
        context.start();
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> context.createProducerTemplate().sendBody("redis-streams:" + key + "?propagateHeaders=true",
                        Map.of("camel-header:tenant", "acme")));
        assertTrue(e.getCause().getMessage().contains("the body has the field 'camel-header:tenant', whose prefix"
                                                      + " camel-header: marks Camel headers with propagateHeaders=true."
                                                      + " Rename the field, or set the value as a header instead"),
                e.getCause().getMessage());
        assertFalse(redis.exists(key), "nothing written");
    }

    @Test
    void headerFilterStrategyChoosesWhatTravels() throws Exception {
        String key = uniqueKey("filtered");
        DefaultHeaderFilterStrategy onlyTraceContext = new DefaultHeaderFilterStrategy();
        onlyTraceContext.setFilterOnMatch(false);
        onlyTraceContext.setOutFilterPattern("traceparent|tracestate");
        CamelContext context = newContext();
        context.getRegistry().bind("traceOnly", onlyTraceContext);
        context.start();
        context.createProducerTemplate().sendBodyAndHeaders(
                "redis-streams:" + key + "?propagateHeaders=true&headerFilterStrategy=#traceOnly", "order-4",
                Map.of("traceparent", TRACEPARENT, "authorization", "Bearer s3cret"));

        assertEquals(Map.of("payload", "order-4", "camel-header:traceparent", TRACEPARENT),
                redis.xrange(key, "-", "+").get(0).getFields());
    }

    @Test
    void headerFilterStrategyWithoutPropagateHeadersIsRefused() {
        CamelContext context = newContext();
        context.getRegistry().bind("strategy", new RedisStreamsHeaderFilterStrategy());
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?headerFilterStrategy=#strategy"));
        assertTrue(e.getCause().getMessage().contains("Option headerFilterStrategy filters the headers that propagateHeaders"
                                                      + " carries, and propagateHeaders is off: add propagateHeaders=true,"
                                                      + " or remove headerFilterStrategy"), e.getCause().getMessage());
    }

    private BlockingQueue<Message> consume(String key, String options) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0" + options)
                        .process(exchange -> received.add(exchange.getMessage().copy()));
            }
        });
        return received;
    }

    private void send(String uri, Object body, Map<String, Object> headers) throws Exception {
        CamelContext context = newContext();
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        template.sendBodyAndHeaders(uri, body, headers);
    }
}
