package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.RedisClient;

class RedisBinaryTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(RedisBinary.PROPERTY);
    }

    @Test
    void systemPropertyNamingNoWorkingBinaryFallsBackToTheNextChoice() {
        System.setProperty(RedisBinary.PROPERTY, "/nonexistent/redis-server");

        Path binary = LocalRedisServer.findBinary();

        assertNotEquals(Path.of("/nonexistent/redis-server"), binary);
        assertTrue(Files.isExecutable(binary), binary.toString());
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
