package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;

/**
 * The component's producer, {@code to("redis-streams:KEY")}, fed by a ProducerTemplate in one of three ways: one
 * exchange at a time from one thread, from several threads at once, or with List bodies that carry many entries per
 * exchange.
 */
final class ComponentProduce implements Scenario {

    /** How the entries are handed to the producer; the clock runs around it. */
    @FunctionalInterface
    private interface Sending {
        void send(ProducerTemplate template, Endpoint endpoint, int entries) throws Exception;
    }

    private final BenchmarkRedis redis;
    private final StreamFixture streams;
    private final String name;
    private final Sending sending;
    private final boolean listBodies;

    private ComponentProduce(BenchmarkRedis redis, StreamFixture streams, String name, Sending sending,
                             boolean listBodies) {
        this.redis = redis;
        this.streams = streams;
        this.name = name;
        this.sending = sending;
        this.listBodies = listBodies;
    }

    static ComponentProduce oneAtATime(BenchmarkRedis redis, StreamFixture streams) {
        return new ComponentProduce(redis, streams, "component producer, sendBody from 1 thread",
                ComponentProduce::sendOneAtATime, false);
    }

    static ComponentProduce concurrentSenders(BenchmarkRedis redis, StreamFixture streams, int threads) {
        return new ComponentProduce(redis, streams, "component producer, sendBody from " + threads + " threads",
                (template, endpoint, entries) -> sendConcurrently(template, endpoint, entries, threads), false);
    }

    static ComponentProduce listBodies(BenchmarkRedis redis, StreamFixture streams, int listSize) {
        return new ComponentProduce(redis, streams, "component producer, List bodies of " + listSize + " entries",
                (template, endpoint, entries) -> sendLists(template, endpoint, entries, listSize), true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Subject subject() {
        return Subject.COMPONENT;
    }

    @Override
    public Section section() {
        return Section.PRODUCE;
    }

    /**
     * List bodies are a recent feature, and the harness must also measure builds without it: send one List of two
     * Maps and see whether two entries arrive. A component without the feature either rejects the body or stores the
     * whole List as one payload entry.
     */
    @Override
    public Optional<String> unsupportedReason() throws Exception {
        if (!listBodies) {
            return Optional.empty();
        }
        String probe = StreamFixture.freshKey("list-probe");
        try (CamelContext context = BenchmarkCamel.newContext(redis.uri())) {
            context.start();
            context.createProducerTemplate()
                    .sendBody("redis-streams:" + probe, List.of(StreamFixture.entry(1), StreamFixture.entry(2)));
            long added = streams.length(probe);
            return added == 2 ? Optional.empty()
                    : Optional.of("a List body of 2 Maps became " + added + " entry: the component stores it as one payload");
        } catch (RuntimeException e) {
            return Optional.of("the component rejects a List body: " + e.getMessage());
        } finally {
            streams.delete(probe);
        }
    }

    @Override
    public Timed run(String streamKey, int entries) throws Exception {
        try (CamelContext context = BenchmarkCamel.newContext(redis.uri())) {
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            // resolving the endpoint starts it and its connection pool before the clock starts
            Endpoint endpoint = context.getEndpoint("redis-streams:" + streamKey);
            Timed.Start start = Timed.start();
            sending.send(template, endpoint, entries);
            return Timed.since(start, entries);
        }
    }

    private static void sendOneAtATime(ProducerTemplate template, Endpoint endpoint, int entries) {
        for (int i = 0; i < entries; i++) {
            template.sendBody(endpoint, StreamFixture.entry(i));
        }
    }

    private static void sendConcurrently(ProducerTemplate template, Endpoint endpoint, int entries, int threads)
            throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> senders = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int first = (int) ((long) entries * t / threads);
                int end = (int) ((long) entries * (t + 1) / threads);
                senders.add(executor.submit(() -> {
                    go.await();
                    for (int i = first; i < end; i++) {
                        template.sendBody(endpoint, StreamFixture.entry(i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static void sendLists(ProducerTemplate template, Endpoint endpoint, int entries, int listSize) {
        for (int first = 0; first < entries; first += listSize) {
            int size = Math.min(listSize, entries - first);
            List<Map<String, String>> body = new ArrayList<>(size);
            for (int i = first; i < first + size; i++) {
                body.add(StreamFixture.entry(i));
            }
            template.sendBody(endpoint, body);
        }
    }
}
