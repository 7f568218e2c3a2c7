package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;

/** One setup for all tests: the failover test runs last, since it leaves the new primary without replica. */
@ExtendWith(RedisSentinelExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class LocalRedisSentinelTest {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLIENT_RETRY_TIMEOUT = Duration.ofSeconds(20);

    @Test
    @Order(1)
    void sentinelsKnowThePrimaryTheReplicaAndEachOther(LocalRedisSentinel sentinel) {
        assertEquals("mymaster", sentinel.masterName());
        assertEquals(3, sentinel.sentinels().size());
        assertEquals(String.join(",", sentinel.sentinels().stream().map(HostAndPort::toString).toList()),
                sentinel.sentinelNodes());
        try (Jedis primary = sentinel.primary().connect()) {
            assertEquals(Endpoint.infoField(primary.info("server"), "redis_version"), sentinel.version());
        }

        for (HostAndPort address : sentinel.sentinels()) {
            try (Jedis jedis = new Jedis(address, Endpoint.connectionConfig(null))) {
                Map<String, String> master = jedis.sentinelMaster(sentinel.masterName());
                assertEquals(Integer.toString(sentinel.primary().port()), master.get("port"));
                assertEquals("1", master.get("num-slaves"));
                assertEquals("2", master.get("num-other-sentinels"));
            }
        }
        assertSame(sentinel.primary(), sentinel.awaitPrimary(Duration.ofSeconds(1)));
    }

    @Test
    @Order(2)
    void clientReadsAndWrites(LocalRedisSentinel sentinel) {
        try (RedisSentinelClient client = sentinel.newClient()) {
            assertEquals(sentinel.primary().port(), client.getCurrentMaster().getPort());
            client.set("greeting", "hello");
            assertEquals("hello", client.get("greeting"));
        }
    }

    @Test
    @Order(3)
    void clientWritesAgainAfterTheSentinelsPromoteTheReplica(LocalRedisSentinel sentinel) {
        killPrimaryAndCheckTheClientFollows(sentinel);
    }

    /**
     * Writes a key on the primary, kills it once the replica has the key, and checks that a client opened before
     * writes to the promoted replica, which kept the key.
     */
    static void killPrimaryAndCheckTheClientFollows(LocalRedisSentinel sentinel) {
        try (RedisSentinelClient client = sentinel.newClient()) {
            try (Jedis primary = sentinel.primary().connect()) {
                primary.set("before-failover", "kept");
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
