package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.camelredis.testservice.LocalRedisCluster;
import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.LocalRedisSentinel;
import dev.camelredis.testservice.RedisClusterExtension;
import dev.camelredis.testservice.RedisSentinelExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

import static dev.camelredis.streams.ClusterIT.describeChain;
import static dev.camelredis.streams.RedisStreamsTestSupport.await;
import static dev.camelredis.streams.RedisStreamsTestSupport.trusting;
import static dev.camelredis.streams.RedisStreamsTestSupport.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS in both multi-node modes: a Redis Cluster and a Sentinel setup whose servers speak only TLS, to clients and to
 * each other. The component reaches them through rediss:// nodes as an ACL user, trusting the test certificate
 * through sslContextParameters; without that trust it fails and names the certificate as the cause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsClusterAndSentinelIT {

    private static final String USER = "app";
    private static final String PASSWORD = "tls-Pw-93be07";
    private static final LocalRedisOptions TLS_AND_ACL_USER = LocalRedisOptions.defaults().tls()
            .user(USER, PASSWORD, "~*", "&*", "+@all");
    private static final String CREDENTIALS = "&username=" + USER + "&password=RAW(" + PASSWORD + ")";
    private static final int ENTRIES = 20;

    private final TestContexts contexts = new TestContexts();

    @AfterEach
    void stopContexts() {
        contexts.stopAll();
    }

    @Nested
    class Cluster {

        @RegisterExtension
        static final RedisClusterExtension CLUSTER = new RedisClusterExtension(TLS_AND_ACL_USER);

        @Test
        void aclUserProducesAndConsumesOverTlsOnEveryPrimary() throws Exception {
            LocalRedisCluster cluster = CLUSTER.cluster();
            List<String> streamKeys;
            try (RedisClusterClient redis = cluster.newClient()) {
                streamKeys = producesAndConsumesOverTls(4, "clusterNodes=" + cluster.clusterNodes(),
                        trusting(cluster.tlsTrustStore(), cluster.tlsTrustStorePassword()), redis);
            }
            assertEquals(3, streamKeys.stream().map(cluster::primaryFor).distinct().count(),
                    "the four shards are spread over the three primaries");
        }

        @Test
        void untrustedCertificateFailsNamingTheCause() {
            assertUntrustedCertificateFails("clusterNodes=" + CLUSTER.cluster().clusterNodes());
        }
    }

    @Nested
    class Sentinel {

        @RegisterExtension
        static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension(TLS_AND_ACL_USER);

        private String connection() {
            LocalRedisSentinel sentinel = SENTINEL.sentinel();
            return "sentinelMaster=" + sentinel.masterName() + "&sentinelNodes=" + sentinel.sentinelNodes();
        }

        @Test
        void aclUserProducesAndConsumesOverTls() throws Exception {
            LocalRedisSentinel sentinel = SENTINEL.sentinel();
            try (RedisSentinelClient redis = sentinel.newClient()) {
                producesAndConsumesOverTls(1, connection(),
                        trusting(sentinel.tlsTrustStore(), sentinel.tlsTrustStorePassword()), redis);
            }
        }

        @Test
        void untrustedCertificateFailsNamingTheCause() {
            assertUntrustedCertificateFails(connection());
        }
    }

    /** @return the stream keys: the shard keys, or the key itself when there is one shard */
    private List<String> producesAndConsumesOverTls(int shards, String connection, SSLContextParameters trust,
            UnifiedJedis redis) throws Exception {
        String key = uniqueKey("tls");
        String options = "?shards=" + shards + "&" + connection + CREDENTIALS + "&sslContextParameters=#tls";
        DeliveryCounts received = new DeliveryCounts();
        CamelContext context = contexts.create();
        context.getRegistry().bind("tls", trust);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + options + "&group=g&startId=0&blockTimeout=500")
                        .process(e -> received.record(ConsumerProcess.entryOf(e.getMessage())));
            }
        });
        context.start();
        ProducerTemplate producer = context.createProducerTemplate();
        for (int i = 0; i < ENTRIES; i++) {
            producer.sendBodyAndHeader("redis-streams:" + key + options, "entry-" + i,
                    RedisStreamsConstants.PARTITION_KEY, "k" + i);
        }

        List<String> streamKeys = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            streamKeys.add(shards == 1 ? key : key + ":{" + i + "}");
        }
        await("every entry consumed over TLS and acked", Duration.ofSeconds(30),
                () -> received.distinct() == ENTRIES && FailoverTraffic.totalPending(redis, streamKeys, "g") == 0);
        assertEquals(Map.of(), received.duplicated(), "no entry processed twice");
        assertEquals(ENTRIES, streamKeys.stream().mapToLong(redis::xlen).sum());
        return streamKeys;
    }

    private void assertUntrustedCertificateFails(String connection) {
        String key = uniqueKey("tls");
        CamelContext context = contexts.create();
        context.start();
        // without sslContextParameters the JVM's default trust store is used, which lacks the test certificate
        Exception error = assertThrows(Exception.class, () -> context.createProducerTemplate()
                .sendBody("redis-streams:" + key + "?" + connection + CREDENTIALS, "x"));
        String message = describeChain(error);
        System.out.println("untrusted certificate: " + message);
        assertTrue(message.contains("Cannot reach Redis for redis-streams:" + key), message);
        assertTrue(message.contains("SSLHandshakeException: PKIX path building failed"), message);
        assertTrue(message.contains("The TLS handshake failed: check that the server speaks TLS on that port, that the"
                                    + " option sslContextParameters trusts its certificate"), message);
        assertFalse(message.contains(PASSWORD), message);
    }
}
