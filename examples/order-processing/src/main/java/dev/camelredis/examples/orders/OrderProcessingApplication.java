package dev.camelredis.examples.orders;

import dev.camelredis.testservice.EnvironmentRedis;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camelredis.examples.orders.StreamInspector.GroupState;
import org.apache.camel.main.Main;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Runs the order-processing scenario: orders are produced to events:orders at a steady pace while the groups
 * analytics (3 consumers) and notifications (2 consumers) process them; one analytics consumer hangs and is stopped
 * with entries in flight, which the others reclaim; a poison order ends in the dead-letter stream. {@link #run}
 * returns the result; {@link #main} chooses the Redis, prints the summary and exits with 0 when nothing was lost.
 */
public final class OrderProcessingApplication {

    private static final long TICK_MILLIS = 1000;

    /**
     * @param orders  how many orders to produce, at least 10
     * @param pace    the time between two orders
     * @param timeout how long the whole run may take
     */
    public record Settings(int orders, Duration pace, Duration timeout) {

        public Settings {
            if (orders < 10) {
                // the poison order must come before the hang, and orders must remain for the others to take over
                throw new IllegalArgumentException("The number of orders must be at least 10 but was " + orders);
            }
        }

        /** 300 orders 50 ms apart (a 15 s run), or -Dorders and -Dpace.ms. */
        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("orders", 300), Duration.ofMillis(Long.getLong("pace.ms", 50)),
                    Duration.ofSeconds(120));
        }

        /** The order with a negative amount: early, so that its three failed deliveries fit in the run. */
        public int poisonOrder() {
            return Math.max(1, orders / 10);
        }

        /** From this order on, analytics-3 hangs: a third of the way, so that the others have work left. */
        public int hangFromOrder() {
            return orders / 3 + 1;
        }
    }

    private OrderProcessingApplication() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        OrderProcessingResult result;
        try (EnvironmentRedis redis = EnvironmentRedis.fromEnvironment()) {
            System.out.println("Redis: " + redis);
            result = run(redis.uri(), settings, System.out);
        } catch (JedisConnectionException | JedisAccessControlException e) {
            // a wrong REDIS_URL (host, port, user, password) is the likely cause: one line says more than a stack trace
            System.err.println("Cannot use Redis: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.print(result);
        System.exit(result.nothingLost() ? 0 : 1);
    }

    /**
     * Runs the scenario on a fresh stream, printing progress and events to {@code out}, until every group has
     * processed (or dead-lettered) and acknowledged every order, or the timeout.
     */
    public static OrderProcessingResult run(String redisUri, Settings settings, PrintStream out) throws Exception {
        try (RedisClient redis = RedisClient.create(URI.create(redisUri))) {
            // Deleting the stream deletes its groups too: every run starts from nothing.
            redis.del(OrderRoutes.STREAM, OrderRoutes.DEAD_LETTER_STREAM);
            RunConsole console = new RunConsole(out);
            console.line(String.format("%d orders to %s, one every %d ms. Order %d has a negative amount;"
                                       + " %s hangs from order %d on.", settings.orders(), OrderRoutes.STREAM,
                    settings.pace().toMillis(), settings.poisonOrder(), HungConsumer.NAME, settings.hangFromOrder()));
            console.line(String.format("Groups: %s %s, %s %s; %s", OrderRoutes.ANALYTICS,
                    OrderRoutes.ANALYTICS_CONSUMERS, OrderRoutes.NOTIFICATIONS, OrderRoutes.NOTIFICATIONS_CONSUMERS,
                    OrderRoutes.CONSUMER_OPTIONS.replace('&', ' ')));

            ProcessingLog log = new ProcessingLog();
            StreamInspector inspector = new StreamInspector(redis);
            OrderHandler handler = new OrderHandler(log, console);
            Main camel = new Main();
            camel.configure().addRoutesBuilder(
                    new OrderRoutes(settings.orders(), settings.pace(), settings.poisonOrder(), log, handler));
            camel.addInitialProperty("camel.component.redis-streams.redis-uri", redisUri);

            long start = System.nanoTime();
            boolean finished;
            List<String> pendingWhenStopped;
            try (HungConsumer hung = new HungConsumer(redisUri, settings.hangFromOrder(), handler, log, inspector,
                    console)) {
                hung.start();
                camel.start();
                finished = awaitFinished(settings, log, inspector, hung, console, start);
                pendingWhenStopped = hung.pendingWhenStopped();
            } finally {
                camel.stop();
            }
            return OrderProcessingResult.of(settings, log, inspector.groups(), inspector.deadLetters(),
                    pendingWhenStopped, Duration.ofNanos(System.nanoTime() - start), !finished);
        }
    }

    /**
     * Prints progress every second until the run is done: everything produced, the hung consumer stopped, and each
     * group done with every order and nothing pending.
     */
    private static boolean awaitFinished(Settings settings, ProcessingLog log, StreamInspector inspector,
                                         HungConsumer hung, RunConsole console, long start)
            throws InterruptedException {
        long deadline = start + settings.timeout().toNanos();
        while (true) {
            Thread.sleep(TICK_MILLIS);
            Map<String, GroupState> groups = inspector.groups();
            Progress.print(console, log.producedCount(), settings.orders(), groups, log);
            boolean done = !hung.isStopping() && OrderProcessingResult.of(settings, log, groups,
                    inspector.deadLetters(), hung.pendingWhenStopped(), Duration.ZERO, false).nothingLost();
            if (done) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
        }
    }
}
