package dev.camelredis.examples.orders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.camelredis.testservice.RedisServerExtension;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamGroupInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer the Kubernetes Deployment runs: it joins the group under the name it is given and reports ready
 * through the file its exec probe checks.
 */
class OrderConsumerApplicationIT {

    @RegisterExtension
    static RedisServerExtension REDIS = new RedisServerExtension();

    private static final String POD_NAME = "order-processing-7c9d8b6f4-x2x5q";
    private static final int ORDERS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void consumesUnderThePodNameAndReportsReady(@TempDir Path directory) throws Exception {
        Path readyFile = directory.resolve("camel-ready");
        Main camel = OrderConsumerApplication.create(REDIS.server().redisUri(), POD_NAME, readyFile);
        try (RedisClient redis = REDIS.server().newClient()) {
            redis.del(OrderRoutes.STREAM, OrderRoutes.DEAD_LETTER_STREAM);
            for (int orderId = 1; orderId <= ORDERS; orderId++) {
                redis.xadd(OrderRoutes.STREAM, StreamEntryID.NEW_ENTRY, strings(Orders.order(orderId, false)));
            }
            camel.start();

            await("every order acknowledged by " + POD_NAME, () -> allAcknowledgedBy(redis, POD_NAME));
            await("the ready file", () -> Files.exists(readyFile));
            List<String> readinessChecks = HealthCheckHelper.invokeReadiness(camel.getCamelContext(), "full").stream()
                    .map(result -> result.getCheck().getId() + "=" + result.getState()).toList();
            assertTrue(readinessChecks.contains("consumer:" + OrderRoutes.ANALYTICS + "="
                                                + HealthCheck.State.UP), readinessChecks::toString);
        } finally {
            camel.stop();
        }
    }

    private static boolean allAcknowledgedBy(RedisClient redis, String consumerName) {
        if (!redis.exists(OrderRoutes.STREAM)) {
            return false;
        }
        StreamGroupInfo group = redis.xinfoGroups(OrderRoutes.STREAM).stream()
                .filter(info -> info.getName().equals(OrderRoutes.ANALYTICS)).findFirst().orElse(null);
        if (group == null || group.getPending() != 0 || !Long.valueOf(0).equals(group.getGroupInfo().get("lag"))) {
            return false;
        }
        List<String> consumers = redis.xinfoConsumers2(OrderRoutes.STREAM, OrderRoutes.ANALYTICS).stream()
                .map(StreamConsumerInfo::getName).toList();
        assertEquals(List.of(consumerName), consumers);
        return true;
    }

    private static Map<String, String> strings(Map<String, Object> order) {
        return order.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "Timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
