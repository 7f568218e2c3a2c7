package dev.camelredis.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.RedisClient;

class DedicatedRedisServerExtensionTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().appendOnly());

    private static RedisTestServer startedBeforeAll;

    @BeforeAll
    static void writeBeforeAll() {
        startedBeforeAll = REDIS.server();
        try (RedisClient client = startedBeforeAll.newClient()) {
            client.set("written-before-all", "yes");
        }
    }

    @Test
    void injectsTheServerStartedBeforeAll(RedisTestServer server) {
        assertSame(startedBeforeAll, server);
        assertEquals("local", server.mode());
    }

    @Test
    void dataSurvivesAKill(RedisTestServer server) {
        server.kill();
        server.start();
        try (RedisClient client = server.newClient()) {
            assertEquals("yes", client.get("written-before-all"));
        }
    }

    @Nested
    class NestedTests {

        @Test
        void shareTheEnclosingClassServer(RedisTestServer server) {
            assertSame(startedBeforeAll, server);
            try (RedisClient client = server.newClient()) {
                assertEquals("PONG", client.ping());
            }
        }
    }
}
