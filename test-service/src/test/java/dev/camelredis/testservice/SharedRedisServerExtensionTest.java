package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.RedisClient;

@ExtendWith(RedisServerExtension.class)
class SharedRedisServerExtensionTest {

    @Test
    void injectsTheSharedServer(RedisTestServer server) {
        assertTrue(Set.of("url", "container", "local").contains(server.mode()), server.mode());
        try (RedisClient client = server.newClient()) {
            assertEquals("PONG", client.ping());
        }
    }

    @Test
    void everyExtensionInstanceUsesTheSameServer(RedisTestServer server) {
        assertSame(server, new RedisServerExtension().server());
    }
}
