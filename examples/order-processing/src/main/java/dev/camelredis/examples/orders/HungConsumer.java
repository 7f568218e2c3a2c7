package dev.camelredis.examples.orders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelredis.examples.orders.ProcessingLog.Delivery;
import dev.camelredis.examples.orders.ProcessingLog.Outcome;
import dev.camelredis.streams.RedisStreamsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The third consumer of the group analytics, in a Camel context of its own. It processes orders like the others until
 * order {@code hangFromOrder}; from then on it gets stuck on every entry it takes, as a consumer whose downstream
 * never answers would. A second later it is stopped the way a watchdog or Kubernetes would stop it: with a shutdown
 * timeout of 1 s, too short for exchanges that never end. The entries it holds stay pending under its name, and the
 * reclaimers of the other analytics consumers take them over once they have been idle for claimMinIdleTime.
 */
final class HungConsumer implements AutoCloseable {

    static final String NAME = "analytics-3";

    /** How many of its exchanges may hang at once; then its reader stops taking entries. */
    private static final int MAX_IN_FLIGHT = 5;
    private static final Duration STUCK_BEFORE_STOP = Duration.ofSeconds(1);
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 1;

    private final CamelContext context = new DefaultCamelContext();
    /** Never counted down while the context runs: what the stuck exchanges wait for. */
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean stuck = new AtomicBoolean();
    private final CompletableFuture<List<String>> pendingWhenStopped = new CompletableFuture<>();
    private final String redisUri;
    private final int hangFromOrder;
    private final OrderHandler handler;
    private final ProcessingLog log;
    private final StreamInspector inspector;
    private final RunConsole console;

    HungConsumer(String redisUri, int hangFromOrder, OrderHandler handler, ProcessingLog log,
                 StreamInspector inspector, RunConsole console) {
        this.redisUri = redisUri;
        this.hangFromOrder = hangFromOrder;
        this.handler = handler;
        this.log = log;
        this.inspector = inspector;
        this.console = console;
    }

    void start() throws Exception {
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration().setRedisUri(redisUri);
        context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                OrderRoutes.quietErrorHandler(this);
                from("redis-streams:" + OrderRoutes.STREAM + "?group=" + OrderRoutes.ANALYTICS + "&consumerName="
                     + NAME + "&maxInFlight=" + MAX_IN_FLIGHT + "&" + OrderRoutes.CONSUMER_OPTIONS)
                        .routeId(NAME)
                        // asynchronous, so that the reader goes on taking entries while exchanges hang, until
                        // maxInFlight of them are stuck: the consumer then holds several unfinished entries
                        .threads(MAX_IN_FLIGHT)
                        .process(HungConsumer.this::process);
            }
        });
        context.start();
    }

    private void process(Exchange exchange) throws Exception {
        int orderId = Orders.orderId(exchange.getMessage().getBody(Map.class));
        if (orderId < hangFromOrder) {
            handler.process(exchange);
            return;
        }
        Delivery delivery = OrderHandler.delivery(exchange.getMessage(), Outcome.HUNG);
        log.record(delivery);
        console.event(String.format("%-15s hangs on order %d (entry %s)", NAME, orderId, delivery.entryId()));
        if (stuck.compareAndSet(false, true)) {
            watchdog.schedule(this::stop, STUCK_BEFORE_STOP.toMillis(), TimeUnit.MILLISECONDS);
        }
        unblock.await();
        throw new IllegalStateException(NAME + " was stopped while stuck on order " + orderId);
    }

    private void stop() {
        try {
            List<String> pending = inspector.pendingEntryIds(OrderRoutes.ANALYTICS, NAME);
            console.event(String.format("%-15s has been stuck for %d s holding %d pending entries (XPENDING): orders %s;"
                                        + " stopping its Camel context with a %d s shutdown timeout", NAME,
                    STUCK_BEFORE_STOP.toSeconds(), pending.size(), orderIds(pending), SHUTDOWN_TIMEOUT_SECONDS));
            long start = System.nanoTime();
            context.stop();
            console.event(String.format("%-15s stopped after %.1f s", NAME, (System.nanoTime() - start) / 1e9));
            pendingWhenStopped.complete(pending);
        } catch (RuntimeException e) {
            pendingWhenStopped.completeExceptionally(e);
        }
    }

    private List<Integer> orderIds(List<String> entryIds) {
        return entryIds.stream().map(log::orderId).toList();
    }

    /** True from the moment it got stuck until it has been stopped. */
    boolean isStopping() {
        return stuck.get() && !pendingWhenStopped.isDone();
    }

    /**
     * The entries pending under its name as its stop began (XPENDING), once the stop is over; empty before, and when it
     * never got stuck.
     */
    List<String> pendingWhenStopped() {
        return pendingWhenStopped.getNow(List.of());
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        unblock.countDown();
        context.stop();
    }
}
