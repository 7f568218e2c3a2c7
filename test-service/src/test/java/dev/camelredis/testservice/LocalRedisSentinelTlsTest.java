package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** A primary, a replica and Sentinels that speak only TLS, to clients and to each other: the failover test runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class LocalRedisSentinelTlsTest {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLIENT_RETRY_TIMEOUT = Duration.ofSeconds(20);

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
            assertThrows(JedisConnectionException.class, () -> {
                try (Jedis plain = new Jedis(address, Endpoint.connectionConfig(null))) {
                    plain.ping();
                }
            }, address.toString());
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
        assertThrows(JedisConnectionException.class, () -> {
            try (Jedis plain = new Jedis(new HostAndPort("127.0.0.1", primary.port()),
                    Endpoint.connectionConfig(null))) {
                plain.ping();
            }
        });
    }

    @Test
    @Order(2)
    void clientWritesOverTlsAgainAfterTheSentinelsPromoteTheReplica() {
        LocalRedisSentinel sentinel = SENTINEL.sentinel();
        try (RedisSentinelClient client = sentinel.newClient()) {
            assertEquals(sentinel.primary().port(), client.getCurrentMaster().getPort());
            client.set("before-failover", "kept");
            try (Jedis primary = sentinel.primary().connect()) {
                // Replication is asynchronous: only writes a replica acknowledged are sure to survive the primary.
                assertEquals(1, primary.waitReplicas(1, 1_000));
            }

            LocalRedisServer former = sentinel.killPrimary();
            LocalRedisServer promoted = sentinel.awaitPrimary(FAILOVER_TIMEOUT);

            assertNotSame(former, promoted);
            // The client learns of the new primary from the Sentinels' announcement, which may come a bit later.
            Await.until("the client writes to the new primary", CLIENT_RETRY_TIMEOUT,
                    () -> client.set("after-failover", "written"));
            assertEquals("written", client.get("after-failover"));
            assertEquals("kept", client.get("before-failover"));
            assertEquals(promoted.port(), client.getCurrentMaster().getPort());
        }
    }
}
