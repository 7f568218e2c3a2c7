package dev.camelredis.streams.faults;

import java.util.Map;

import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.faults.History.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The route of every consumer of a fault run, in the test JVM and in child JVMs: it journals each attempt and behaves
 * as the entry asks (field {@code behaviour}): {@code ok}; {@code fail-once} fails its first delivery;
 * {@code poison} always fails; {@code slow} takes {@code slowMillis}, longer than claimMinIdleTime. The end of the
 * attempt is journaled by the route's last step, so the exchange completes (and may be acked) only after it. With
 * {@code threads} above 0 the route hands the exchange to a thread pool first, as asynchronous routes do: many
 * exchanges are then done with their acks still queued when a fault hits.
 */
final class RecordingRoute extends RouteBuilder {

    static final String ROUTE_FAILURE = "route failure asked for by the entry";

    private final String uri;
    private final String instance;
    private final String jvm;
    private final AttemptJournal journal;
    private final long slowMillis;
    private final int threads;

    RecordingRoute(String uri, String instance, String jvm, AttemptJournal journal, long slowMillis, int threads) {
        this.uri = uri;
        this.instance = instance;
        this.jvm = jvm;
        this.journal = journal;
        this.slowMillis = slowMillis;
        this.threads = threads;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());
        if (threads > 0) {
            from(uri).routeId(instance).threads(threads).process(this::attempt);
        } else {
            from(uri).routeId(instance).process(this::attempt);
        }
    }

    private void attempt(Exchange exchange) throws Exception {
        Map<?, ?> body = exchange.getMessage().getBody(Map.class);
        String entry = exchange.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY, String.class) + "/"
                       + exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
        long deliveryCount = exchange.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, 0L, Long.class);
        long handle = journal.begin(instance, jvm, entry, String.valueOf(body.get("customer")),
                Long.parseLong(String.valueOf(body.get("seq"))), deliveryCount);
        try {
            switch (String.valueOf(body.get("behaviour"))) {
                case "fail-once" -> {
                    if (deliveryCount <= 1) {
                        throw new IllegalStateException(ROUTE_FAILURE);
                    }
                }
                case "poison" -> throw new IllegalStateException(ROUTE_FAILURE);
                case "slow" -> Thread.sleep(slowMillis);
                default -> {
                }
            }
        } catch (Exception e) {
            journal.end(instance, handle, Outcome.FAILED);
            throw e;
        }
        journal.end(instance, handle, Outcome.SUCCEEDED);
    }
}
