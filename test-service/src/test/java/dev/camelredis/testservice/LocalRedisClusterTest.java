package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/** One cluster for all tests: the failover test runs last, since it changes the roles. */
@ExtendWith(RedisClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class LocalRedisClusterTest {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Order(1)
    void formsThreePrimariesWithOneReplicaEach(LocalRedisCluster cluster) {
        List<HostAndPort> nodes = cluster.nodes();
        assertEquals(6, nodes.size());
        assertEquals(6, new HashSet<>(nodes).size());
        assertEquals(String.join(",", nodes.stream().map(HostAndPort::toString).toList()), cluster.clusterNodes());
        assertTrue(cluster.version().matches("\\d+\\.\\d+\\.\\d+"), cluster.version());

        for (HostAndPort node : nodes) {
            try (Jedis jedis = new Jedis(node, Endpoint.connectionConfig(null))) {
                // the version of whatever binary runs (redis-server 7.0.15, Valkey 8.0's 7.2.4 ...), the same on all
                assertEquals(cluster.version(), Endpoint.infoField(jedis.info("server"), "redis_version"), node.toString());
                assertEquals("ok", Endpoint.infoField(jedis.clusterInfo(), "cluster_state"), node.toString());
                List<ClusterNodeEntry> view = ClusterNodeEntry.parse(jedis.clusterNodes());
                assertEquals(6, view.size(), node.toString());
                List<String> slots = view.stream()
                        .filter(ClusterNodeEntry::isPrimary)
                        .map(entry -> String.join(" ", entry.slots()))
                        .sorted()
                        .toList();
                assertEquals(List.of("0-5460", "10923-16383", "5461-10922"), slots, node.toString());
                assertEquals(3, view.stream().filter(entry -> entry.flags().contains("slave")).count());
            }
        }
    }

    @Test
    @Order(2)
    void keysOfAllSlotRangesAreWritableThroughTheClient(LocalRedisCluster cluster) {
        List<String> keys = List.of(keyInSlots(0, 5460), keyInSlots(5461, 10922), keyInSlots(10923, 16383));
        try (RedisClusterClient client = cluster.newClient()) {
            for (String key : keys) {
                client.set(key, "value of " + key);
            }
            for (String key : keys) {
                assertEquals("value of " + key, client.get(key));
            }
        }
        Set<LocalRedisServer> primaries = new HashSet<>();
        for (String key : keys) {
            primaries.add(cluster.primaryFor(key));
        }
        assertEquals(3, primaries.size(), "each range has a primary of its own");
    }

    @Test
    @Order(3)
    void killedPrimaryIsReplacedByItsReplicaAndRejoinsAsItsReplica(LocalRedisCluster cluster) {
        // A hash tag puts all keys into one slot, so that one primary holds them all.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("{failover}:" + i);
        }
        LocalRedisServer former = killPrimaryAndCheckTheReplicaTakesOver(cluster, keys);
        LocalRedisServer promoted = cluster.primaryFor(keys.get(0));

        former.start();
        cluster.awaitHealthy(FAILOVER_TIMEOUT);
        assertSame(promoted, cluster.primaryFor(keys.get(0)));
        try (Jedis rejoined = former.connect()) {
            String replication = rejoined.info("replication");
            assertEquals("slave", Endpoint.infoField(replication, "role"));
            assertEquals(Integer.toString(promoted.port()), Endpoint.infoField(replication, "master_port"));
        }
    }

    /**
     * Writes the keys on their primary, kills it once its replica has them, and checks that the replica took over:
     * a new client reads the keys there and writes them again.
     *
     * @param keys keys of one slot
     * @return the killed primary
     */
    static LocalRedisServer killPrimaryAndCheckTheReplicaTakesOver(LocalRedisCluster cluster, List<String> keys) {
        LocalRedisServer former = cluster.primaryFor(keys.get(0));
        try (Jedis primary = former.connect()) {
            for (String key : keys) {
                primary.set(key, "before " + key);
            }
            // Replication is asynchronous: only writes a replica acknowledged are sure to survive the primary.
            assertEquals(1, primary.waitReplicas(1, 1_000));
        }

        former.kill();
        cluster.awaitHealthy(FAILOVER_TIMEOUT);

        LocalRedisServer promoted = cluster.primaryFor(keys.get(0));
        assertNotSame(former, promoted);
        assertTrue(promoted.isRunning());
        try (RedisClusterClient client = cluster.newClient()) {
            for (String key : keys) {
                assertEquals("before " + key, client.get(key));
                client.set(key, "after " + key);
                assertEquals("after " + key, client.get(key));
            }
        }
        return former;
    }

    /** A key whose slot lies in {@code first..last}. */
    static String keyInSlots(int first, int last) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            int slot = JedisClusterCRC16.getSlot(key);
            if (first <= slot && slot <= last) {
                return key;
            }
        }
    }
}
