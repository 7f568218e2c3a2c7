package dev.camelredis.streams.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsOperation;
import dev.camelredis.streams.RedisStreamsTestSupport;
import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL users that docs/troubleshooting.md gives (its {@code acl} code block) hold every command and key the
 * component uses: the consumer with dead letters, renewal, monitoring and shard ownership, the producer, and every
 * stream operation run under them without a single denial in Redis' ACL LOG.
 */
class DocumentedAclRulesTest extends RedisStreamsTestSupport {

    private static final Path TROUBLESHOOTING = Path.of("..", "docs", "troubleshooting.md");
    /** The stream key the documented rules are written for. */
    private static final String KEY = "events:orders";

    @RegisterExtension
    static final RedisServerExtension ACL_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults());

    @Override
    protected RedisTestServer server() {
        return ACL_REDIS.server();
    }

    @BeforeEach
    void createTheDocumentedUsers() throws Exception {
        redis.flushAll();
        List<List<String>> users = documentedUsers();
        assertEquals(2, users.size(), "the acl block of " + TROUBLESHOOTING + " gives orders-app and orders-admin");
        // as the docs say: Redis 7.2 has CLIENT SETINFO, which the client sends when it connects
        boolean clientSetInfo = !server().version().startsWith("7.0.") && !server().version().startsWith("6.");
        for (List<String> setUser : users) {
            List<String> rules = new ArrayList<>(setUser);
            if (clientSetInfo) {
                rules.add("+client|setinfo");
            }
            redis.sendCommand(Protocol.Command.ACL, rules.toArray(String[]::new));
        }
        redis.sendCommand(Protocol.Command.ACL, "LOG", "RESET");
    }

    @Test
    void theAppUserConsumesWithDeadLettersRenewalAndMonitoringAndProduces() throws Exception {
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + KEY + "?group=billing&consumerName=c1&startId=0&maxDeliveries=2"
                     + "&claimMinIdleTime=1s&claimInterval=200ms&username=orders-app&password=change-me")
                        .routeId("app")
                        .process(exchange -> {
                            String body = exchange.getMessage().getBody(String.class);
                            deliveries.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                            if (body.equals("poison")) {
                                throw new IllegalStateException("poison");
                            }
                            if (body.equals("slow")) {
                                Thread.sleep(1_500); // beyond claimMinIdleTime: only renewal keeps it
                            }
                        });
            }
        });
        ProducerTemplate producer = context.createProducerTemplate();
        for (String body : List.of("a", "slow", "poison", "b")) {
            producer.sendBody("redis-streams:" + KEY + "?username=orders-app&password=change-me", body);
        }

        await("the poison entry dead-lettered, the others processed", Duration.ofSeconds(20),
                () -> redis.exists(KEY + ":dlq") && redis.xlen(KEY + ":dlq") == 1 && pendingCount(KEY, "billing") == 0);
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("app").getConsumer();
        assertEquals(null, consumer.metrics().statisticsError(), "monitoring read the group figures");
        assertEquals(0, consumer.metrics().pending());
        assertEquals(1, deliveries.get("slow").get(), "renewed, never reclaimed");
        assertEquals(2, deliveries.get("poison").get());
        assertNoDenials();
    }

    @Test
    void theAppUserOwnsShards() throws Exception {
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        String options = "?group=billing&shards=2&username=orders-app&password=change-me";
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + KEY + options + "&startId=0&shardOwnership=true&shardLeaseTime=2s&maxDeliveries=2")
                        .process(exchange -> deliveries.computeIfAbsent(exchange.getMessage().getBody(String.class),
                                b -> new AtomicInteger()).incrementAndGet());
            }
        });
        ProducerTemplate producer = context.createProducerTemplate();
        for (int i = 0; i < 10; i++) {
            producer.sendBodyAndHeader("redis-streams:" + KEY + options, "entry-" + i,
                    RedisStreamsConstants.PARTITION_KEY, "customer-" + i);
        }

        await("every entry delivered once", Duration.ofSeconds(20), () -> deliveries.size() == 10);
        assertTrue(deliveries.values().stream().allMatch(count -> count.get() == 1), deliveries.toString());
        assertTrue(redis.exists(KEY + ":members:billing"), "the members set");
        assertTrue(redis.exists(KEY + ":{0}:lease:billing") && redis.exists(KEY + ":{1}:lease:billing"), "the leases");
        assertNoDenials();
    }

    @Test
    void theAdminUserRunsEveryOperation() throws Exception {
        List<StreamEntryID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(redis.xadd(KEY, XAddParams.xAddParams(), Map.of("payload", "entry-" + i)));
        }
        redis.xgroupCreate(KEY, "billing", new StreamEntryID(0, 0), false);
        redis.xreadGroup("billing", "c1", XReadGroupParams.xReadGroupParams().count(2),
                Map.of(KEY, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        ProducerTemplate producer = startContext().createProducerTemplate();
        String endpoint = "redis-streams:" + KEY + "?group=billing&username=orders-admin&password=change-me";

        run(producer, endpoint + "&consumerName=c2", RedisStreamsOperation.XCLAIM,
                Map.of(RedisStreamsConstants.IDS, ids.get(0).toString()));
        for (RedisStreamsOperation operation : List.of(RedisStreamsOperation.XADD, RedisStreamsOperation.XLEN,
                RedisStreamsOperation.XRANGE, RedisStreamsOperation.XREVRANGE, RedisStreamsOperation.XPENDING,
                RedisStreamsOperation.XINFO_STREAM, RedisStreamsOperation.XINFO_GROUPS,
                RedisStreamsOperation.XINFO_CONSUMERS)) {
            run(producer, endpoint, operation, Map.of());
        }
        run(producer, endpoint, RedisStreamsOperation.XDEL, Map.of(RedisStreamsConstants.IDS, ids.get(3).toString()));
        run(producer, endpoint, RedisStreamsOperation.XTRIM, Map.of(RedisStreamsConstants.MAX_LEN, 10L));
        run(producer, endpoint.replace("billing", "audit"), RedisStreamsOperation.XGROUP_CREATE, Map.of());
        run(producer, endpoint.replace("billing", "audit"), RedisStreamsOperation.XGROUP_SETID,
                Map.of(RedisStreamsConstants.START_ID, "0"));
        run(producer, endpoint + "&consumerName=idle&force=true", RedisStreamsOperation.XGROUP_DELCONSUMER, Map.of());
        run(producer, endpoint.replace("billing", "audit"), RedisStreamsOperation.XGROUP_DESTROY, Map.of());

        assertEquals(List.of("billing"), redis.xinfoGroups(KEY).stream().map(g -> g.getName()).toList());
        assertNoDenials();
    }

    private static Object run(ProducerTemplate producer, String uri, RedisStreamsOperation operation,
            Map<String, Object> headers) {
        Map<String, Object> all = new HashMap<>(headers);
        all.put(RedisStreamsConstants.OPERATION, operation);
        return producer.requestBodyAndHeaders(uri, operation == RedisStreamsOperation.XADD ? "added" : null, all);
    }

    /** ACL LOG lists every command or key that ACL rules refused since the reset. */
    private void assertNoDenials() {
        List<?> denials = (List<?>) redis.sendCommand(Protocol.Command.ACL, "LOG");
        assertEquals(List.of(), denials.stream().map(DocumentedAclRulesTest::describe).toList(),
                "commands or keys the documented rules refused");
    }

    private static String describe(Object entry) {
        return entry instanceof List<?> fields ? fields.stream().map(DocumentedAclRulesTest::text).toList().toString()
                : text(entry);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** The ACL SETUSER lines of the acl code block, as command arguments after ACL. */
    static List<List<String>> documentedUsers() throws Exception {
        List<List<String>> users = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(TROUBLESHOOTING, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                inBlock = trimmed.equals("```acl");
            } else if (inBlock && trimmed.startsWith("ACL SETUSER ")) {
                users.add(List.of(trimmed.substring("ACL ".length()).split("\\s+")));
            }
        }
        return users;
    }
}
