package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

class LocalRedisServerTest {

    private static final int TIMEOUT_MILLIS = 2_000;

    @Test
    void startedServerAnswersAndReportsItsVersion() {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults());
                RedisClient client = server.newClient()) {
            assertEquals("PONG", client.ping());
            assertTrue(server.version().matches("\\d+\\.\\d+\\.\\d+"), server.version());
            assertEquals("local", server.mode());
            assertTrue(server.isLocalProcess());
            assertEquals("redis://localhost:" + server.port(), server.redisUri());
            assertNull(server.tlsTrustStore());
            assertNull(server.tlsTrustStorePassword());
        }
    }

    @Test
    void closeStopsTheProcessAndDeletesItsData() {
        LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults());
        int port = server.port();
        server.close();

        assertThrows(JedisConnectionException.class, () -> ping(port, plain()));
    }

    @Test
    void appendOnlyDataSurvivesKillAndRestartOnTheSamePort() {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults().appendOnly())) {
            int port = server.port();
            try (RedisClient client = server.newClient()) {
                client.set("survivor", "still here");
            }

            server.kill();
            assertThrows(JedisConnectionException.class, () -> ping(port, plain()));
            server.start();

            assertEquals(port, server.port());
            try (RedisClient client = server.newClient()) {
                assertEquals("still here", client.get("survivor"));
            }
        }
    }

    @Test
    void stoppedServerRestartsOnTheSamePort() {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults())) {
            int port = server.port();

            server.stop();
            assertThrows(JedisConnectionException.class, () -> ping(port, plain()));
            server.start();

            assertEquals(port, server.port());
            assertEquals("PONG", ping(port, plain()));
            assertThrows(IllegalStateException.class, server::start, "already running");
        }
    }

    @Test
    void restartFailsWithTheLogWhileItsPortIsTakenAndWorksOnceItIsFree() throws Exception {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults())) {
            server.kill();
            try (ServerSocket squatter = new ServerSocket(server.port(), 1, InetAddress.getLoopbackAddress())) {
                assertEquals(server.port(), squatter.getLocalPort());
                // The type says that the binary's own wording of the bind failure was recognized.
                LocalRedisServer.PortTakenException failure
                        = assertThrows(LocalRedisServer.PortTakenException.class, server::start);
                assertTrue(LocalRedisServer.PORT_TAKEN_LOG.matcher(failure.getMessage()).find(), failure.getMessage());
                assertTrue(failure.getMessage().contains("port " + server.port()), failure.getMessage());
            }
            server.start();
            assertEquals("PONG", ping(server.port(), plain()));
        }
    }

    @Test
    void tlsServerAcceptsOnlyTls() throws Exception {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults().tls())) {
            assertEquals("rediss://localhost:" + server.port(), server.redisUri());
            try (RedisClient client = server.newClient()) {
                client.set("secret", "over TLS");
                assertEquals("over TLS", client.get("secret"));
            }

            // What other clients, like the component under test, do with the truststore.
            Path trustStoreFile = server.tlsTrustStore();
            assertNotNull(trustStoreFile);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStoreFile)) {
                trustStore.load(in, server.tlsTrustStorePassword().toCharArray());
            }
            assertEquals(List.of("redis"), Collections.list(trustStore.aliases()));
            assertTrue(trustStore.isCertificateEntry("redis"));
            SslOptions sslOptions = SslOptions.builder()
                    .truststore(trustStoreFile.toFile(), server.tlsTrustStorePassword().toCharArray())
                    .trustStoreType("PKCS12")
                    .sslVerifyMode(SslVerifyMode.FULL)
                    .build();
            JedisClientConfig tls = DefaultJedisClientConfig.builder()
                    .sslOptions(sslOptions)
                    .socketTimeoutMillis(TIMEOUT_MILLIS)
                    .serverDefaultProtocol()
                    .build();
            assertEquals("PONG", ping(server.port(), tls));

            JedisClientConfig trustingOnlyTheJvmDefaults = DefaultJedisClientConfig.builder()
                    .sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build())
                    .socketTimeoutMillis(TIMEOUT_MILLIS)
                    .serverDefaultProtocol()
                    .build();
            assertThrows(JedisConnectionException.class, () -> ping(server.port(), trustingOnlyTheJvmDefaults));
            assertThrows(JedisConnectionException.class, () -> ping(server.port(), plain()));
        }
    }

    @Test
    void aclUserNeedsItsPassword() {
        LocalRedisOptions options = LocalRedisOptions.defaults().user("app", "s3cret", "~*", "&*", "+@all");
        try (LocalRedisServer server = LocalRedisServer.start(options)) {
            JedisClientConfig rightPassword = DefaultJedisClientConfig.builder()
                    .user("app").password("s3cret")
                    .socketTimeoutMillis(TIMEOUT_MILLIS).serverDefaultProtocol().build();
            try (Jedis app = new Jedis(new HostAndPort(server.host(), server.port()), rightPassword)) {
                assertEquals("app", app.aclWhoAmI());
                app.set("written-by", "app");
            }

            JedisClientConfig wrongPassword = DefaultJedisClientConfig.builder()
                    .user("app").password("wrong")
                    .socketTimeoutMillis(TIMEOUT_MILLIS).serverDefaultProtocol().build();
            assertThrows(JedisAccessControlException.class, () -> ping(server.port(), wrongPassword));

            try (RedisClient admin = server.newClient()) {
                assertEquals("app", admin.get("written-by"));
            }
        }
    }

    @Test
    void externalOnlyOperationsAreRejectedForServersGivenByUrl() {
        try (LocalRedisServer local = LocalRedisServer.start(LocalRedisOptions.defaults());
                ExternalRedisServer byUrl = ExternalRedisServer.fromUrl(local.redisUri())) {
            assertEquals("url", byUrl.mode());
            assertEquals(local.version(), byUrl.version());
            assertEquals(local.redisUri(), byUrl.redisUri());
            UnsupportedOperationException rejected = assertThrows(UnsupportedOperationException.class, byUrl::kill);
            assertTrue(rejected.getMessage().contains("only a local redis-server process"), rejected.getMessage());
        }
    }

    @Test
    void urlCredentialsAreUsedButNeverShown() {
        LocalRedisOptions options = LocalRedisOptions.defaults().user("app", "s3cret", "~*", "&*", "+@all");
        try (LocalRedisServer local = LocalRedisServer.start(options)) {
            String address = "localhost:" + local.port();

            try (ExternalRedisServer byUrl = ExternalRedisServer.fromUrl("redis://app:s3cret@" + address);
                    RedisClient client = byUrl.newClient()) {
                assertEquals("redis://" + address, byUrl.redisUri());
                assertEquals("PONG", client.ping());
            }

            IllegalStateException rejected = assertThrows(IllegalStateException.class,
                    () -> ExternalRedisServer.fromUrl("redis://app:wrong@" + address));
            assertTrue(rejected.getCause() instanceof JedisAccessControlException, rejected.toString());
            assertFalse(rejected.getMessage().contains("wrong"), rejected.getMessage());
        }
    }

    private static JedisClientConfig plain() {
        return DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(TIMEOUT_MILLIS).serverDefaultProtocol().build();
    }

    private static String ping(int port, JedisClientConfig config) {
        try (Jedis jedis = new Jedis(new HostAndPort("localhost", port), config)) {
            return jedis.ping();
        }
    }
}
