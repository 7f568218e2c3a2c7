package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.LocalRedisSentinel;
import dev.camelredis.testservice.LocalRedisServer;
import dev.camelredis.testservice.RedisSentinelExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisSentinelClient;

import static dev.camelredis.streams.RedisStreamsTestSupport.assertCredentialsError;
import static dev.camelredis.streams.RedisStreamsTestSupport.await;
import static dev.camelredis.streams.ClusterIT.describeChain;
import static dev.camelredis.streams.ClusterIT.limit;
import static dev.camelredis.streams.RedisStreamsTestSupport.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The component on a primary with one replica watched by three Sentinels (local redis-server processes): produced to
 * and consumed through sentinelMaster/sentinelNodes, the primary killed while a producer and consumers run, and ACL
 * credentials.
 *
 * <p>One setup for the class: the failover test runs last, since it leaves the new primary without a replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelIT {

    private static final String USER = "app";
    private static final String PASSWORD = "sn-Pw-71c0fe";
    private static final String WRONG_PASSWORD = "sn-wrong-Pw-2e95";

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension(
            LocalRedisOptions.defaults().user(USER, PASSWORD, "~*", "&*", "+@all"));

    private final TestContexts contexts = new TestContexts();
    private RedisSentinelClient redis;

    @BeforeEach
    void openClient() {
        redis = sentinel().newClient();
    }

    @AfterEach
    void stopContexts() {
        contexts.stopAll();
        redis.close();
    }

    private static LocalRedisSentinel sentinel() {
        return SENTINEL.sentinel();
    }

    private static String sentinelOptions() {
        return "sentinelMaster=" + sentinel().masterName() + "&sentinelNodes=" + sentinel().sentinelNodes();
    }

    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aclUserProducesAndConsumesAndAWrongPasswordFailsWithTheCredentialsError() throws Exception {
        String key = uniqueKey("sn-acl");
        String credentials = "&username=" + USER + "&password=RAW(" + PASSWORD + ")";
        DeliveryCounts received = new DeliveryCounts();
        CamelContext context = contexts.create(null);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=500&" + sentinelOptions() + credentials)
                        .process(e -> received.record(ConsumerProcess.entryOf(e.getMessage())));
            }
        });
        try {
            context.start();
        } catch (Exception e) {
            fail("the route with username=" + USER + " and the right password cannot start in sentinel mode: "
                 + describeChain(e));
        }
        ProducerTemplate producer = context.createProducerTemplate();
        for (int i = 0; i < 20; i++) {
            producer.sendBody("redis-streams:" + key + "?" + sentinelOptions() + credentials, "hello-" + i);
        }
        await("consumed as " + USER, Duration.ofSeconds(20), () -> received.distinct() == 20);
        assertEquals(Map.of(), received.duplicated(), "no entry processed twice");

        String wrong = "&username=" + USER + "&password=RAW(" + WRONG_PASSWORD + ")";
        CamelContext other = contexts.start(null);
        Exception producerError = assertThrows(Exception.class, () -> other.createProducerTemplate().sendBody(
                "redis-streams:" + key + "?" + sentinelOptions() + wrong, "x"));
        String producerMessage = describeChain(producerError);

        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext consumerContext = contexts.create(handler);
        consumerContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=wrong&exceptionHandler=#rec&" + sentinelOptions() + wrong)
                        .to("log:never");
            }
        });
        String consumerMessage;
        try {
            consumerContext.start();
            await("the consumer reports the refused credentials", Duration.ofSeconds(10), () -> !handler.reported.isEmpty());
            consumerMessage = describeChain(handler.reported.get(0));
        } catch (Exception e) {
            consumerMessage = describeChain(e);
        }
        System.out.printf("sentinel ACL: %d entries produced and consumed as %s; wrong password, producer: %s%n"
                          + "sentinel ACL: wrong password, consumer: %s%n",
                received.distinct(), USER, producerMessage, consumerMessage);
        assertCredentialsError(producerMessage, key, WRONG_PASSWORD, PASSWORD);
        assertCredentialsError(consumerMessage, key, WRONG_PASSWORD, PASSWORD);
        assertEquals(20, redis.xlen(key), "nothing written with the wrong password");
        assertEquals(0, redis.xinfoGroups(key).stream().filter(g -> g.getName().equals("wrong")).count(),
                "the consumer with the wrong password created nothing");
    }

    @Test
    @Order(1)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void consumerAndProducerStartWhileSentinelsAndPrimaryAreDownAndWorkOnceTheyAreBack() throws Exception {
        String key = uniqueKey("sn-down");
        String options = sentinelOptions() + "&username=" + USER + "&password=RAW(" + PASSWORD + ")";
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext context;
        ProducerTemplate producer;
        sentinel().stopAll();
        try {
            context = contexts.create(handler);
            HealthChecks.enableConsumerChecks(context);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=500&reconnectDelay=100"
                         + "&reconnectMaxDelay=500&exceptionHandler=#rec&" + options).routeId("down-at-start")
                            .process(e -> deliveries.computeIfAbsent(
                                    e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                    id -> new AtomicInteger()).incrementAndGet());
                }
            });
            context.start();
            producer = context.createProducerTemplate();
            assertEquals("DOWN", HealthChecks.consumerState(context, "down-at-start"), "DOWN until connected");
            await("the consumer reports that it cannot reach Redis", Duration.ofSeconds(20),
                    () -> !handler.reported.isEmpty());
            assertTrue(describeChain(handler.reported.get(0)).contains("Cannot reach Redis for redis-streams:" + key),
                    describeChain(handler.reported.get(0)));
            Exception sendError = assertThrows(Exception.class,
                    () -> producer.sendBody("redis-streams:" + key + "?" + options, "while down"));
            assertTrue(describeChain(sendError).contains("redis-streams:" + key), describeChain(sendError));
        } finally {
            sentinel().startAll();
        }
        sentinel().awaitPrimary(Duration.ofSeconds(60));
        redis.close();
        redis = sentinel().newClient();

        for (int i = 0; i < 20; i++) {
            sendUntilItWorks(producer, "redis-streams:" + key + "?" + options, "after-" + i);
        }
        await("every entry consumed", Duration.ofSeconds(30), () -> deliveries.size() == 20);
        await("UP once connected", Duration.ofSeconds(20),
                () -> "UP".equals(HealthChecks.consumerState(context, "down-at-start")));
        await("and acked", Duration.ofSeconds(10), () -> redis.xpending(key, "g").getTotal() == 0);
        assertEquals(20, redis.xlen(key), "no entry written twice, none lost");
        assertTrue(deliveries.values().stream().allMatch(count -> count.get() == 1), "each entry delivered once: " + deliveries);
    }

    /** Right after the restart the primary may still be loading its data for a moment: a send is retried. */
    private static void sendUntilItWorks(ProducerTemplate producer, String uri, String body) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                producer.sendBody(uri, body);
                return;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    @Order(2)
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void producerAndConsumersFollowTheNewPrimary() throws Exception {
        String key = uniqueKey("sn-failover");
        int shards = 2;
        String consumerOptions = "?group=g&startId=0&shards=" + shards + "&maxMessagesPerPoll=50&blockTimeout=500"
                                 + "&reconnectDelay=100&reconnectMaxDelay=500&claimMinIdleTime=3000&claimInterval=500&"
                                 + sentinelOptions();
        FailoverTraffic traffic = new FailoverTraffic(contexts.start(null).createProducerTemplate(),
                "redis-streams:" + key + "?shards=" + shards + "&" + sentinelOptions(), key, shards, 100);
        List<RecordingExceptionHandler> handlers = new ArrayList<>();
        for (String name : List.of("ctx-a", "ctx-b")) {
            RecordingExceptionHandler handler = new RecordingExceptionHandler();
            handlers.add(handler);
            contexts.start(handler, new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + consumerOptions + "&exceptionHandler=#rec&consumerName=" + name)
                            .process(e -> traffic.processed(e.getMessage()));
                }
            });
        }

        long killedAt;
        long recoveredAt;
        LocalRedisServer former;
        LocalRedisServer promoted;
        traffic.start(4, 2);
        try {
            await("a steady flow before the kill", Duration.ofSeconds(20), () -> traffic.processings.size() >= 3000);
            killedAt = System.currentTimeMillis();
            former = sentinel().killPrimary();
            promoted = sentinel().awaitPrimary(Duration.ofSeconds(30));
            recoveredAt = System.currentTimeMillis();
            ClusterIT.produceUntilSettled(traffic, recoveredAt, traffic.shardKeys());
        } finally {
            traffic.stop();
        }
        long stoppedAt = System.currentTimeMillis();

        // the assertion client may still point at the killed primary: it follows the Sentinels too, with retries
        await("the assertion client reaches the new primary", Duration.ofSeconds(20), () -> {
            try {
                return redis.exists(key + ":{0}");
            } catch (RuntimeException e) {
                return false;
            }
        });
        FailoverTraffic.Drained drained = traffic.awaitDrained(redis);
        Map<Long, String> present = drained.present();
        long drainMillis = drained.millis();

        ClusterIT.report("sentinel", traffic, present, killedAt, recoveredAt, stoppedAt, drainMillis,
                "killed primary " + former.port() + ", promoted " + promoted.port(), handlers, traffic.shardKeys());
        Set<Long> missing = new HashSet<>(present.keySet());
        missing.removeAll(traffic.processedNumbers());
        assertEquals(Set.of(), limit(missing), "every entry in the stream at the end is processed");
        for (String shard : traffic.shardKeys()) {
            assertEquals(0, redis.xpending(shard, "g").getTotal(), "nothing pending on " + shard);
        }
        assertEquals(0, traffic.unreadable.get(), "every processed entry had its number");
        ClusterIT.checkSends(traffic, present, recoveredAt, stoppedAt, traffic.shardKeys());
        traffic.assertDuplicatesOnlyFromTheFailover(traffic.shardKeys(), recoveredAt);
        assertNotSame(former, promoted, "the replica took over");
    }
}
