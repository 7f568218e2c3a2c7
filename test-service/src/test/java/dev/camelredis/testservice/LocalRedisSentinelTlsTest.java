package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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

/** A primary, a replica and Sentinels speaking only TLS, to clients and to each other: the failover test runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class LocalRedisSentinelTlsTest {

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension(LocalRedisOptions.defaults().tls());

    @Test
    @Order(1)
    void allShareOneCertificateRefusePlainClientsAndTheSentinelsNameTlsPorts() {
        LocalRedisSentinel sentinel = SENTINEL.sentinel();
        Set<HostAndPort> sentinels = sentinel.sentinels();
        assertEquals(String.join(",", sentinels.stream().map(address -> "rediss://" + address).toList()),
                sentinel.sentinelNodes());
        assertNotNull(sentinel.tlsTrustStore());
        assertNotNull(sentinel.tlsTrustStorePassword());
        LocalRedisServer primary = sentinel.primary();
        assertEquals(sentinel.tlsTrustStore(), primary.tlsTrustStore(), "one certificate for all servers");

        JedisClientConfig tls = Endpoint.connectionConfig(primary.tlsMaterial());
        Set<Integer> sentinelPorts = sentinels.stream().map(HostAndPort::getPort).collect(Collectors.toSet());
        for (HostAndPort address : sentinels) {
            LocalRedisClusterTlsTest.assertRefusesPlainClients(address);
            try (Jedis jedis = new Jedis(address, tls)) {
                assertEquals(List.of("127.0.0.1", Integer.toString(primary.port())),
                        jedis.sentinelGetMasterAddrByName(sentinel.masterName()), address.toString());
                // The replica announces its TLS port when it replicates over TLS, and the Sentinels theirs in the
                // hello messages they exchange through the primary.
                List<Map<String, String>> replicas = jedis.sentinelReplicas(sentinel.masterName());
                assertEquals(1, replicas.size(), address.toString());
                assertEquals("slave", replicas.get(0).get("flags"), address.toString());
                HostAndPort replica = new HostAndPort(replicas.get(0).get("ip"),
                        Integer.parseInt(replicas.get(0).get("port")));
                try (Jedis named = new Jedis(replica, tls)) {
                    assertEquals("slave", Endpoint.infoField(named.info("replication"), "role"), replica.toString());
                }
                Set<Integer> others = jedis.sentinelSentinels(sentinel.masterName()).stream()
                        .map(other -> Integer.parseInt(other.get("port")))
                        .collect(Collectors.toSet());
                assertEquals(2, others.size(), address.toString());
                assertTrue(sentinelPorts.containsAll(others), address + " knows " + others);
            }
        }
        LocalRedisClusterTlsTest.assertRefusesPlainClients(new HostAndPort("127.0.0.1", primary.port()));
    }

    @Test
    @Order(2)
    void clientWritesOverTlsAgainAfterTheSentinelsPromoteTheReplica() {
        LocalRedisSentinelTest.killPrimaryAndCheckTheClientFollows(SENTINEL.sentinel());
    }
}
