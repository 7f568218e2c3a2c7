package dev.camelredis.streams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.camelredis.testservice.LocalRedisCluster;
import dev.camelredis.testservice.RedisClusterExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

import static dev.camelredis.streams.ClusterIT.shardKeys;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer JVMs ({@link ConsumerProcess}) in group g on a Redis Cluster of the test class's own (three primaries with
 * a replica each), a producer in this JVM, and a cluster client for assertions. The streams are sharded over
 * {@link ClusterIT#SHARDS} keys, whose hash tags put them on different primaries. The processes are killed after
 * each test.
 */
abstract class ClusterProcessesTestSupport {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    protected RedisClusterClient redis;
    private final List<Process> processes = new ArrayList<>();
    private final TestContexts contexts = new TestContexts();

    @BeforeEach
    void openAssertionClient() {
        redis = cluster().newClient();
    }

    @AfterEach
    void stopProcessesAndProducer() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        processes.clear();
        contexts.stopAll();
        redis.close();
    }

    private static LocalRedisCluster cluster() {
        return CLUSTER.cluster();
    }

    /** Starts a consumer JVM on the cluster; it counts its processings in the hash countsKey there. */
    Process launch(String streamKey, String consumerName, String countsKey, String options) throws IOException {
        Process process = ConsumerProcess.launch("clusterNodes=" + cluster().clusterNodes(), streamKey, consumerName,
                countsKey, options);
        processes.add(process);
        return process;
    }

    /**
     * Clients blocked in a read (XREADGROUP ... BLOCK) on the primaries of these keys. Redis 7.0 adds a consumer to
     * its group only once a read hands it entries, so an idle reader shows here, not in XINFO CONSUMERS.
     */
    long blockedReaders(List<String> keys) {
        return keys.stream().map(key -> cluster().primaryFor(key)).distinct().mapToLong(primary -> {
            try (RedisClient client = primary.newClient()) {
                return Long.parseLong(client.info("clients").lines().filter(line -> line.startsWith("blocked_clients:"))
                        .findFirst().orElseThrow().substring("blocked_clients:".length()).strip());
            }
        }).sum();
    }

    /** A producer whose redis-streams component points at the cluster. */
    ProducerTemplate startProducer() {
        CamelContext context = contexts.create();
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration()
                .setClusterNodes(cluster().clusterNodes());
        context.start();
        return context.createProducerTemplate();
    }

    long totalPending(String streamKey) {
        return FailoverTraffic.totalPending(redis, shardKeys(streamKey), "g");
    }

    /**
     * The shards of each primary (by port): the test would prove little on a cluster if they all lived on one.
     */
    static Map<Integer, List<String>> assertShardsOnSeveralPrimaries(String streamKey) {
        Map<Integer, List<String>> byPrimary = new TreeMap<>();
        for (String shard : shardKeys(streamKey)) {
            byPrimary.computeIfAbsent(cluster().primaryFor(shard).port(), port -> new ArrayList<>())
                    .add(shard.substring(streamKey.length() + 1));
        }
        assertTrue(byPrimary.size() > 1, "the shards are spread over more than one primary: " + byPrimary);
        return byPrimary;
    }
}
