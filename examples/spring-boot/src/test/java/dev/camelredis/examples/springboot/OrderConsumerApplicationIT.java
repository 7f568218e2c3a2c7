package dev.camelredis.examples.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.testservice.RedisServerExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application as it starts from application.properties, with Spring Boot's dependency management in force (the
 * module's parent is spring-boot-starter-parent): only the Redis URI and the consumer name are set by the test, and
 * reclaiming is made fast so that the poison order reaches the dead-letter stream within seconds.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "CONSUMER_NAME=" + OrderConsumerApplicationIT.CONSUMER_NAME,
        "camel.component.redis-streams.claim-min-idle-time=500ms",
        "camel.component.redis-streams.claim-interval=200ms" })
class OrderConsumerApplicationIT {

    @RegisterExtension
    static RedisServerExtension REDIS = new RedisServerExtension();

    static final String CONSUMER_NAME = "order-consumer-7c9d8b6f4-x2x5q";
    private static final String STREAM = "events:orders";
    private static final String DEAD_LETTER_STREAM = STREAM + ":dlq";
    private static final String GROUP = "analytics";
    private static final int ORDERS = 8;
    private static final int POISON_ORDER = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("camel.component.redis-streams.redis-uri", () -> REDIS.server().redisUri());
    }

    @BeforeAll
    static void emptyStreams() {
        try (RedisClient redis = REDIS.server().newClient()) {
            redis.del(STREAM, DEAD_LETTER_STREAM);
        }
    }

    /**
     * Camel stops before the test Redis does: JUnit calls RedisServerExtension.afterAll before Spring's, which closes
     * the application (@DirtiesContext).
     */
    @AfterAll
    static void stopCamel(@Autowired CamelContext camel) {
        camel.stop();
    }

    @Autowired
    private Deliveries deliveries;

    @Value("${local.server.port}")
    private int port;

    @Test
    void consumesAndAcknowledgesEveryOrderOnceAndDeadLettersThePoisonOrder() throws Exception {
        List<String> entryIds = new ArrayList<>();
        try (RedisClient redis = REDIS.server().newClient()) {
            for (int orderId = 1; orderId <= ORDERS; orderId++) {
                String amount = orderId == POISON_ORDER ? "-12.50" : "12.50";
                entryIds.add(redis.xadd(STREAM, StreamEntryID.NEW_ENTRY,
                        Map.of("orderId", String.valueOf(orderId), "customer", "alice", "amount", amount)).toString());
            }
            String poison = entryIds.get(POISON_ORDER - 1);

            await("every order acknowledged or dead-lettered", () -> nothingPendingOrUnread(redis));

            for (String id : entryIds) {
                int completed = deliveries.completed.getOrDefault(id, 0);
                int failed = deliveries.failed.getOrDefault(id, 0);
                if (id.equals(poison)) {
                    assertEquals(0, completed, "poison order " + id + " completed");
                    assertEquals(3, failed, "poison order " + id + ": failed deliveries (maxDeliveries=3)");
                } else {
                    assertEquals(1, completed, "order " + id + " completed");
                    assertEquals(0, failed, "order " + id + " failed");
                }
            }
            List<StreamEntry> deadLetters = redis.xread(XReadParams.xReadParams(),
                    Map.of(DEAD_LETTER_STREAM, new StreamEntryID())).get(0).getValue();
            assertEquals(1, deadLetters.size(), deadLetters::toString);
            assertEquals(poison, deadLetters.get(0).getFields().get("dlq-source-id"));
            assertEquals(List.of(CONSUMER_NAME), redis.xinfoConsumers2(STREAM, GROUP).stream()
                    .map(StreamConsumerInfo::getName).toList(), "the group's consumers");
        }
    }

    @Test
    void consumerHealthIsUnderActuatorHealth() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"consumer:" + OrderRoutes.ROUTE_ID + "\":\"UP\""), response.body());
    }

    @Test
    void jedisIsTheVersionTheComponentNeedsDespiteSpringBootsManagement() {
        String jar = RedisClient.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(jar.endsWith("/jedis-8.0.2.jar"), jar);
    }

    private static boolean nothingPendingOrUnread(RedisClient redis) {
        if (!redis.exists(DEAD_LETTER_STREAM)) {
            return false;
        }
        StreamGroupInfo group = redis.xinfoGroups(STREAM).stream()
                .filter(info -> info.getName().equals(GROUP)).findFirst().orElse(null);
        return group != null && group.getPending() == 0 && Long.valueOf(0).equals(group.getGroupInfo().get("lag"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "Timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @TestConfiguration
    static class CountingConfiguration {

        @Bean
        Deliveries deliveries() {
            return new Deliveries();
        }
    }

    /** Counts the exchanges of the orders route per entry ID and outcome; Camel picks it up from the registry. */
    static class Deliveries extends EventNotifierSupport {

        final ConcurrentMap<String, Integer> completed = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Integer> failed = new ConcurrentHashMap<>();

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                if (OrderRoutes.ROUTE_ID.equals(exchange.getFromRouteId())) {
                    String id = exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                    (exchange.isFailed() ? failed : completed).merge(id, 1, Integer::sum);
                }
            }
        }
    }
}
