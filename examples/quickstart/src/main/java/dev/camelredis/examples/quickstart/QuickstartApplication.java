package dev.camelredis.examples.quickstart;

import dev.camelredis.testservice.EnvironmentRedis;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.main.Main;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * Runs the quickstart: Camel Main with {@link OrderRoutes}, until both groups have processed and acknowledged every
 * order. {@link #run} returns the report; {@link #main} chooses the Redis, prints the report and exits with 0 when
 * nothing was lost, 1 otherwise.
 */
public final class QuickstartApplication {

    private static final int DEFAULT_ORDERS = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private QuickstartApplication() {
    }

    /**
     * @param args the number of orders (default: system property {@code quickstart.orders}, else 20)
     */
    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.getInteger("quickstart.orders", DEFAULT_ORDERS);
        QuickstartReport report;
        try (EnvironmentRedis redis = EnvironmentRedis.fromEnvironment()) {
            System.out.println("Redis: " + redis);
            report = run(redis.uri(), orders, TIMEOUT);
        } catch (JedisConnectionException | JedisAccessControlException e) {
            // a wrong REDIS_URL (host, port, user, password) is the likely cause: one line says more than a stack trace
            System.err.println("Cannot use Redis: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.print(report);
        System.exit(report.nothingLost() ? 0 : 1);
    }

    /**
     * Appends {@code orders} orders to a fresh stream and waits, at most {@code timeout}, until every group has
     * processed and acknowledged all of them.
     */
    public static QuickstartReport run(String redisUri, int orders, Duration timeout) throws Exception {
        if (orders < 1) {
            // the timer would read repeatCount=0 as "repeat forever"
            throw new IllegalArgumentException("The number of orders must be at least 1 but was " + orders);
        }
        try (RedisClient redis = RedisClient.create(URI.create(redisUri))) {
            // Deleting the stream deletes its groups too: every run starts from nothing.
            redis.del(OrderRoutes.STREAM);
            DeliveryLog deliveryLog = new DeliveryLog();
            Main camel = new Main();
            camel.configure().addRoutesBuilder(new OrderRoutes(orders, deliveryLog));
            camel.addInitialProperty("camel.component.redis-streams.redis-uri", redisUri);
            boolean finished;
            try {
                camel.start();
                finished = awaitFinished(redis, deliveryLog, orders, timeout);
            } finally {
                camel.stop();
            }
            return QuickstartReport.of(orders, redis.xlen(OrderRoutes.STREAM), deliveryLog, pending(redis), timeout,
                    !finished);
        }
    }

    /**
     * Processed is not enough: the component acknowledges after the exchange completed, so also wait for the pending
     * lists to drain.
     */
    private static boolean awaitFinished(RedisClient redis, DeliveryLog deliveryLog, int orders, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allProcessed(deliveryLog, orders) || !nothingPending(redis)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    private static boolean allProcessed(DeliveryLog deliveryLog, int orders) {
        return OrderRoutes.GROUPS.stream().allMatch(group -> deliveryLog.distinctOrders(group.name()) == orders);
    }

    private static boolean nothingPending(RedisClient redis) {
        Map<String, Long> pending = pending(redis);
        return OrderRoutes.GROUPS.stream().allMatch(group -> Long.valueOf(0).equals(pending.get(group.name())));
    }

    /**
     * Each group's XPENDING count, from one XINFO GROUPS: unlike XPENDING it does not fail for a group that was not
     * created yet.
     */
    private static Map<String, Long> pending(RedisClient redis) {
        Map<String, Long> pending = new HashMap<>();
        for (StreamGroupInfo group : redis.xinfoGroups(OrderRoutes.STREAM)) {
            pending.put(group.getName(), group.getPending());
        }
        return pending;
    }
}
