package dev.camelredis.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelredis.streams.RedisStreamsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One consumer process of the scaling run: a Camel context with the component pointed at the cluster, which starts
 * and stops a no-op route per stream when the coordinating {@link ScalingRun} tells it to. One JVM serves the warm-up
 * and every repetition of its configuration, so that each repetition runs JIT-compiled code.
 *
 * <p>Protocol, one line each way on stdin and stdout: {@code start KEY SHARDS} answers {@code started KEY};
 * {@code stop KEY} answers {@code stopped KEY ROUTED}; end of input stops the process. Everything else it prints goes
 * to stderr.
 *
 * <p>Argument: the cluster's nodes as {@code host:port,...}.
 */
public final class ScalingWorker {

    static final String READY = "ready";

    private ScalingWorker() {
    }

    public static void main(String[] args) throws Exception {
        // the protocol owns stdout; the logging set up later writes to what System.out is then
        PrintStream replies = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        CamelContext context = new DefaultCamelContext();
        RedisStreamsComponent component = new RedisStreamsComponent();
        component.getConfiguration().setClusterNodes(args[0]);
        context.addComponent("redis-streams", component);
        context.getShutdownStrategy().setTimeout(10);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        context.start();
        replies.println(READY);

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        AtomicLong routed = new AtomicLong();
        String line;
        while ((line = commands.readLine()) != null) {
            String[] command = line.split(" ");
            String key = command[1];
            switch (command[0]) {
                case "start" -> {
                    routed.set(0);
                    context.addRoutes(route(key, Integer.parseInt(command[2]), routed));
                    replies.println("started " + key);
                }
                case "stop" -> {
                    context.getRouteController().stopRoute(key);
                    context.removeRoute(key);
                    replies.println("stopped " + key + " " + routed.get());
                }
                default -> throw new IllegalArgumentException("Unknown command from the coordinator: " + line);
            }
        }
        context.close();
    }

    /** The same consumer as the single-server run's, over every shard of the key. */
    private static RouteBuilder route(String key, int shards, AtomicLong routed) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(ComponentConsume.uri(key, 1) + "&shards=" + shards).routeId(key)
                        .process(exchange -> routed.incrementAndGet());
            }
        };
    }
}
