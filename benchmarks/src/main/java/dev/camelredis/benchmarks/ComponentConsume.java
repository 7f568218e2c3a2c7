package dev.camelredis.benchmarks;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The component's consumer with a route that reads two fields of each entry, as the issue asks:
 * {@code from("redis-streams:KEY?group=G&startId=0&maxMessagesPerPoll=100").process(read two fields)}, timed from the
 * start of the route until every entry has been routed and Redis shows none pending (all acknowledged). With
 * batching, each exchange carries a read batch and the route reads two fields of each of its entries.
 */
final class ComponentConsume implements Scenario {

    private static final String ROUTE_ID = "consume";

    private final BenchmarkRedis redis;
    private final StreamFixture streams;
    private final int concurrentConsumers;
    private final boolean batching;

    ComponentConsume(BenchmarkRedis redis, StreamFixture streams, int concurrentConsumers) {
        this(redis, streams, concurrentConsumers, false);
    }

    private ComponentConsume(BenchmarkRedis redis, StreamFixture streams, int concurrentConsumers, boolean batching) {
        this.redis = redis;
        this.streams = streams;
        this.concurrentConsumers = concurrentConsumers;
        this.batching = batching;
    }

    /** One reader, {@code batching=true}: one exchange per read batch. */
    static ComponentConsume batches(BenchmarkRedis redis, StreamFixture streams) {
        return new ComponentConsume(redis, streams, 1, true);
    }

    @Override
    public String name() {
        return "component consumer, concurrentConsumers=" + concurrentConsumers + (batching ? ", batching=true" : "");
    }

    @Override
    public Subject subject() {
        return Subject.COMPONENT;
    }

    @Override
    public Section section() {
        return Section.CONSUME;
    }

    @Override
    public Timed run(String streamKey, int entries) throws Exception {
        DeliveryCounter delivered = new DeliveryCounter(entries);
        try (CamelContext context = BenchmarkCamel.newContext(redis.uri())) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri(streamKey, concurrentConsumers) + (batching ? "&batching=true" : "")).routeId(ROUTE_ID)
                            .autoStartup(false)
                            .process(exchange -> {
                                if (batching) {
                                    List<?> batch = exchange.getMessage().getBody(List.class);
                                    for (Object entry : batch) {
                                        StreamFixture.readTwoFields(((Message) entry).getBody(Map.class));
                                    }
                                    delivered.add(batch.size());
                                } else {
                                    StreamFixture.readTwoFields(exchange.getMessage().getBody(Map.class));
                                    delivered.increment();
                                }
                            });
                }
            });
            // the context starts untimed; the clock covers the consumer's own start (group creation, first read)
            context.start();
            Timed.Start start = Timed.start();
            context.getRouteController().startRoute(ROUTE_ID);
            delivered.awaitAll(name());
            streams.awaitAllAcked(streamKey, 30_000);
            return Timed.since(start, delivered.count());
        }
    }

    static String uri(String streamKey, int concurrentConsumers) {
        return "redis-streams:" + streamKey + "?group=" + StreamFixture.GROUP + "&startId=0&maxMessagesPerPoll="
               + JedisConsumeLoop.BATCH + "&concurrentConsumers=" + concurrentConsumers;
    }
}
