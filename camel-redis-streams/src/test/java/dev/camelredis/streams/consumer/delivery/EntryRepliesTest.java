package dev.camelredis.streams.consumer.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelredis.streams.RedisStreamsTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer reads XREADGROUP replies itself: what it reads is what Redis holds, in the shape either protocol
 * answers, binary values and all.
 */
class EntryRepliesTest extends RedisStreamsTestSupport {

    private static final byte[] NOT_UTF8 = { (byte) 0xff, 0, (byte) 0xc3, 'x' };

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void aReadGroupReplyGivesEveryEntryWithItsIdAndFieldsInStreamOrder(RedisProtocol protocol) {
        String key = uniqueKey("replies");
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5; i++) {
            redis.sendCommand(keyBytes, Protocol.Command.XADD, keyBytes, "*".getBytes(), "seq".getBytes(),
                    String.valueOf(i).getBytes(), "raw".getBytes(), NOT_UTF8, "empty".getBytes(), new byte[0]);
        }
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        List<StreamEntry> inRedis = redis.xrange(key, (StreamEntryID) null, null);

        try (RedisClient client = clientSpeaking(protocol)) {
            Object reply = client.executeCommand(new CommandArguments(Protocol.Command.XREADGROUP).add("GROUP").add("g")
                    .add("c1").add("COUNT").add(10).add("STREAMS").key(key).add(">"));
            List<Delivery> read = EntryReplies.readGroup(reply, "c1");

            assertEquals(5, read.size());
            for (int i = 0; i < 5; i++) {
                Delivery delivery = read.get(i);
                assertEquals(inRedis.get(i).getID(), delivery.id());
                assertEquals(1, delivery.deliveryCount());
                assertEquals("c1", delivery.consumerName());
                List<byte[]> fields = delivery.fields();
                assertEquals(6, fields.size());
                assertArrayEquals("seq".getBytes(), fields.get(0));
                assertArrayEquals(String.valueOf(i).getBytes(), fields.get(1));
                assertArrayEquals("raw".getBytes(), fields.get(2));
                assertArrayEquals(NOT_UTF8, fields.get(3));
                assertArrayEquals("empty".getBytes(), fields.get(4));
                assertArrayEquals(new byte[0], fields.get(5));
            }
            Object timedOut = client.executeCommand(new CommandArguments(Protocol.Command.XREADGROUP).add("GROUP").add("g")
                    .add("c1").add("COUNT").add(10).add("BLOCK").add(10).add("STREAMS").key(key).add(">"));
            assertNull(timedOut, "BLOCK timed out");
            assertEquals(List.of(), EntryReplies.readGroup(timedOut, "c1"));
        }
    }

    @Test
    void idsAreParsedAsRedisWritesThemAndAnythingElseIsRefused() {
        assertEquals(new StreamEntryID(0, 1), EntryReplies.id("0-1".getBytes()));
        assertEquals(new StreamEntryID(Long.MAX_VALUE, Long.MAX_VALUE),
                EntryReplies.id((Long.MAX_VALUE + "-" + Long.MAX_VALUE).getBytes()));
        assertEquals(new StreamEntryID(1700000000000L, 42), EntryReplies.id("1700000000000-42".getBytes()));
        for (String bad : List.of("", "-", "12", "12-", "-3", "1a-2", "1-2-3", "OK")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> EntryReplies.id(bad.getBytes()), bad);
            assertTrue(error.getMessage().contains("where a stream entry ID (time-sequence) belongs"), error.getMessage());
        }
    }

    @Test
    void idsAreWrittenBackAsRedisWroteThem() {
        for (String id : List.of("0-0", "0-1", "9-10", "1700000000000-42", "1700000000000-0", Long.MAX_VALUE + "-" + Long.MAX_VALUE)) {
            assertEquals(id, new String(EntryReplies.text(EntryReplies.id(id.getBytes())), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void aRouteOnAClientOfEitherProtocolGetsEachEntryOnce(RedisProtocol protocol) throws Exception {
        String key = uniqueKey("protocol");
        List<StreamEntryID> added = addEntries(key, 300);
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        try (RedisClient client = clientSpeaking(protocol)) {
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("speaking", client);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + "?group=g&startId=0&redisClient=#speaking")
                            .process(e -> deliveries.merge(e.getMessage().getHeader("CamelRedisStreamsMessageId",
                                    String.class), 1, Integer::sum));
                }
            });
            context.start();
            try {
                await("every entry routed and acknowledged", Duration.ofSeconds(20),
                        () -> deliveries.size() == added.size() && pendingCount(key, "g") == 0);
            } finally {
                context.stop();
            }
        }
        List<String> ids = new ArrayList<>();
        added.forEach(id -> ids.add(id.toString()));
        assertEquals(ids.size(), deliveries.size());
        ids.forEach(id -> assertEquals(1, deliveries.get(id), id + " routed once"));
    }

    private RedisClient clientSpeaking(RedisProtocol protocol) {
        return RedisClient.builder().hostAndPort(new HostAndPort(server().host(), server().port()))
                .clientConfig(DefaultJedisClientConfig.builder().protocol(protocol).build()).build();
    }
}
