package dev.camelredis.examples.orders;

import dev.camelredis.testservice.EnvironmentRedis;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The analytics consumer as it runs in Kubernetes (examples/kubernetes): one consumer of the group analytics on
 * events:orders, named by CONSUMER_NAME (the pod's name), on the Redis named by REDIS_URL, until the pod is stopped.
 * Each replica is one more consumer of the group; SIGTERM makes Camel Main stop gracefully, finishing and
 * acknowledging the entries in flight within its shutdown timeout.
 */
public final class OrderConsumerApplication {

    /**
     * Camel's shutdown timeout; the pod's terminationGracePeriodSeconds must be longer, or Kubernetes kills the JVM
     * before the entries in flight are acknowledged.
     */
    public static final int SHUTDOWN_TIMEOUT_SECONDS = 20;
    /**
     * How long the entries of a pod that is gone (scaled down, evicted, replaced by a rollout) wait before the other
     * pods take them over; also the retry delay of a failed entry.
     */
    static final String CLAIM_MIN_IDLE_TIME = "30s";
    /** Fresh while Camel is ready: what the pod's exec readiness probe checks. */
    public static final Path READY_FILE = Path.of("/tmp/camel-ready");

    private OrderConsumerApplication() {
    }

    public static void main(String[] args) throws Exception {
        String redisUrl = requiredEnv("REDIS_URL");
        // No default: the component's, hostname-pid, changes with every JVM, so a restarted container would not find
        // the entries it had taken. The pod's name survives container restarts.
        String consumerName = requiredEnv("CONSUMER_NAME");
        System.out.println("Consuming " + OrderRoutes.STREAM + " as " + OrderRoutes.ANALYTICS + "/" + consumerName
                           + " on " + EnvironmentRedis.masked(redisUrl));
        create(redisUrl, consumerName, READY_FILE).run();
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("Set the environment variable " + name);
            System.exit(2);
        }
        return value;
    }

    static Main create(String redisUri, String consumerName, Path readyFile) {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + OrderRoutes.STREAM + "?group=" + OrderRoutes.ANALYTICS + "&consumerName="
                     + consumerName + "&maxDeliveries=" + OrderRoutes.MAX_DELIVERIES + "&claimMinIdleTime="
                     + CLAIM_MIN_IDLE_TIME + "&startId=0") // a group created after the first orders still gets them
                        .routeId(OrderRoutes.ANALYTICS)
                        .process(exchange -> Orders.validate(exchange.getMessage().getBody(Map.class)));
            }
        });
        main.configure().addRoutesBuilder(new ReadinessFile(readyFile));
        main.addInitialProperty("camel.component.redis-streams.redis-uri", redisUri);
        main.addInitialProperty("camel.main.shutdown-timeout", String.valueOf(SHUTDOWN_TIMEOUT_SECONDS));
        return main;
    }
}
