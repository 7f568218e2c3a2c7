package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

class RedisBinaryTest {

    /** A run's own choice (-Pvalkey, -Dredis.server=embedded) must hold for the test classes that follow. */
    private final String runsChoice = System.getProperty(RedisBinary.PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (runsChoice == null) {
            System.clearProperty(RedisBinary.PROPERTY);
        } else {
            System.setProperty(RedisBinary.PROPERTY, runsChoice);
        }
    }

    @Test
    void systemPropertyNamingNoWorkingBinaryFallsBackToTheNextChoice() {
        System.setProperty(RedisBinary.PROPERTY, "/nonexistent/redis-server");

        Path binary = LocalRedisServer.findBinary();

        assertNotEquals(Path.of("/nonexistent/redis-server"), binary);
        assertTrue(Files.isExecutable(binary), binary.toString());
    }

    @Test
    void embeddedFlavorRunsTheBinaryOfTheJarEvenWhereARedisServerIsInstalled() throws Exception {
        System.setProperty(RedisBinary.PROPERTY, RedisBinary.EMBEDDED);

        assertEquals(RedisBinary.extractEmbedded(), LocalRedisServer.findBinary());
    }

    /** A run asked to test Valkey must not quietly test Redis instead. */
    @Test
    void valkeyFlavorRunsValkeyServerOrFailsSayingHowToInstallIt() {
        System.setProperty(RedisBinary.PROPERTY, RedisBinary.VALKEY);
        boolean installed = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "valkey-server")));

        if (installed) {
            try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults());
                    Jedis jedis = server.connect()) {
                assertTrue(jedis.info("server").contains("valkey_version:"), "not a Valkey server");
            }
        } else {
            IllegalStateException failure = assertThrows(IllegalStateException.class, LocalRedisServer::findBinary);
            assertTrue(failure.getMessage().contains("valkey-server"), failure.getMessage());
            assertTrue(failure.getMessage().contains("apt-get install"), failure.getMessage());
        }
    }

    /** Machines without redis-server depend on this binary, TLS included. */
    @Test
    void embeddedBinaryServesTls() throws Exception {
        Path embedded = RedisBinary.extractEmbedded();
        System.setProperty(RedisBinary.PROPERTY, embedded.toString());

        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults().tls());
                RedisClient client = server.newClient()) {
            assertEquals("7.0.15", server.version());
            assertEquals("PONG", client.ping());
        }
    }
}
