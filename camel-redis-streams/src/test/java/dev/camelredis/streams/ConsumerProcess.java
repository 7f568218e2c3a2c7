package dev.camelredis.streams;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A consumer in a JVM of its own, for the fault tests to kill. It counts each processing of an entry in a Redis hash
 * (entry ID -> times processed), so that the test can compare what was produced, processed and acked.
 *
 * <p>Arguments: connection streamKey group consumerName countsKey endpointOptions, where connection is the component
 * option that names the Redis: {@code redisUri=redis://host:port} or {@code clusterNodes=host:port,host:port,...}.
 */
public final class ConsumerProcess {

    private ConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String connection = args[0];
        String streamKey = args[1];
        String group = args[2];
        String consumerName = args[3];
        String countsKey = args[4];
        String options = args[5];
        CamelContext context = new DefaultCamelContext();
        try (UnifiedJedis counts = connect(connection,
                context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration())) {
            context.addRoutes(countingRoute(streamKey, group, consumerName, options, counts, countsKey));
            context.start();
            System.out.println("STARTED " + consumerName);
            new CountDownLatch(1).await();
        }
    }

    /**
     * Points the component at the Redis that the connection option names, and opens a client of the same Redis for
     * the counts, so that they live next to the streams, on a cluster as on a single server.
     */
    private static UnifiedJedis connect(String connection, RedisStreamsConfiguration configuration) {
        String[] option = connection.split("=", 2);
        return switch (option[0]) {
            case "redisUri" -> {
                configuration.setRedisUri(option[1]);
                yield RedisClient.create(URI.create(option[1]));
            }
            case "clusterNodes" -> {
                configuration.setClusterNodes(option[1]);
                yield RedisClusterClient.builder()
                        .nodes(Arrays.stream(option[1].split(",")).map(HostAndPort::from).collect(Collectors.toSet()))
                        .build();
            }
            default -> throw new IllegalArgumentException("Not redisUri=... or clusterNodes=...: " + connection);
        };
    }

    /**
     * Starts this class in a JVM of its own, in group g, with the test's classpath; it is killed at the latest when
     * the test JVM ends. Its output goes to target/consumer-process-NAME.log.
     *
     * @param connection {@code redisUri=...} or {@code clusterNodes=...}, as in {@link #main(String[])}
     */
    static Process launch(String connection, String streamKey, String consumerName, String countsKey, String options)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ConsumerProcess.class.getName(), connection, streamKey, "g", consumerName, countsKey, options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/consumer-process-" + consumerName + ".log")).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    /**
     * What identifies an entry across shards: entry IDs are unique only within one stream key.
     */
    static String entryOf(org.apache.camel.Message message) {
        String key = message.getHeader(RedisStreamsConstants.STREAM_KEY, String.class);
        String id = message.getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
        return key + "/" + id;
    }

    /**
     * The route the fault tests run in and out of process: count the entry, then take a little time over it, so that
     * entries are in flight when a process dies.
     */
    static RouteBuilder countingRoute(String streamKey, String group, String consumerName, String options,
                                      UnifiedJedis counts, String countsKey) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + streamKey + "?group=" + group + "&consumerName=" + consumerName + options)
                        .process(e -> {
                            counts.hincrBy(countsKey, entryOf(e.getMessage()), 1);
                            counts.hincrBy(countsKey + ":by-consumer", consumerName, 1);
                            if (e.getMessage().getBody() instanceof java.util.Map<?, ?> order) {
                                // the order in which this partition key's entries were processed, across processes
                                counts.rpush(countsKey + ":seq:" + order.get("customer"), (String) order.get("seq"));
                            }
                            Thread.sleep(1);
                        });
            }
        };
    }
}
