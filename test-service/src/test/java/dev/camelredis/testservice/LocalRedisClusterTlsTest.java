package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** A cluster whose nodes speak only TLS, to clients and to each other: the failover test runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class LocalRedisClusterTlsTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(LocalRedisOptions.defaults().tls());

    @Test
    @Order(1)
    void nodesShareOneCertificateRefusePlainClientsAndAnnounceTheirTlsPorts() {
        LocalRedisCluster cluster = CLUSTER.cluster();
        List<HostAndPort> nodes = cluster.nodes();
        assertEquals(String.join(",", nodes.stream().map(node -> "rediss://" + node).toList()),
                cluster.clusterNodes());
        assertNotNull(cluster.tlsTrustStore());
        assertNotNull(cluster.tlsTrustStorePassword());
        LocalRedisServer primary = cluster.primaryFor("any");
        assertEquals(cluster.tlsTrustStore(), primary.tlsTrustStore(), "one certificate for all nodes");

        JedisClientConfig tls = Endpoint.connectionConfig(primary.tlsMaterial());
        Set<Integer> ports = nodes.stream().map(HostAndPort::getPort).collect(Collectors.toSet());
        for (HostAndPort node : nodes) {
            assertRefusesPlainClients(node);
            try (Jedis jedis = new Jedis(node, tls)) {
                assertEquals("ok", Endpoint.infoField(jedis.clusterInfo(), "cluster_state"), node.toString());
                // Clients learn the nodes from these replies: they must name the TLS ports, the only ones there are.
                List<ClusterNodeEntry> view = ClusterNodeEntry.parse(jedis.clusterNodes());
                assertEquals(ports, view.stream().map(ClusterNodeEntry::port).collect(Collectors.toSet()),
                        node.toString());
                Set<Integer> slotPorts = jedis.clusterSlots().stream()
                        .flatMap(range -> ((List<?>) range).subList(2, ((List<?>) range).size()).stream())
                        .map(address -> ((Long) ((List<?>) address).get(1)).intValue())
                        .collect(Collectors.toSet());
                // CLUSTER SLOTS leaves out replicas that have not replicated anything yet.
                Set<Integer> primaryPorts = view.stream()
                        .filter(entry -> entry.isPrimary() && entry.hasSlots())
                        .map(ClusterNodeEntry::port)
                        .collect(Collectors.toSet());
                assertTrue(slotPorts.containsAll(primaryPorts) && ports.containsAll(slotPorts),
                        node + " CLUSTER SLOTS names " + slotPorts);
            }
        }
    }

    @Test
    @Order(2)
    void killedPrimaryIsReplacedOverTheTlsClusterBusWithTheDataItReplicatedOverTls() {
        LocalRedisClusterTest.killPrimaryAndCheckTheReplicaTakesOver(CLUSTER.cluster(),
                List.of("{failover}:1", "{failover}:2"));
    }

    /** Asserts that a plain TCP client gets no answer from {@code address}, which speaks only TLS. */
    static void assertRefusesPlainClients(HostAndPort address) {
        assertThrows(JedisConnectionException.class, () -> {
            try (Jedis plain = new Jedis(address, Endpoint.connectionConfig(null))) {
                plain.ping();
            }
        }, address.toString());
    }
}
