package dev.camelredis.streams;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Endpoints with the same connection settings share one client, closed with the last of them; a client from the
 * registry is used as it is and never closed.
 */
class SharedClientTest extends RedisStreamsTestSupport {

    @Test
    void endpointsWithEqualSettingsShareOneClientClosedWithTheLast() throws Exception {
        CamelContext context = startContext();
        RedisStreamsComponent component = context.getComponent("redis-streams", RedisStreamsComponent.class);
        context.createProducerTemplate().sendBody("redis-streams:" + uniqueKey("a"), "1");
        context.createProducerTemplate().sendBody("redis-streams:" + uniqueKey("b"), "2");
        assertEquals(1, component.sharedClients().size(), "same server, same options: one client");

        Endpoint otherDatabase = context.getEndpoint("redis-streams:" + uniqueKey("c") + "?database=1");
        context.createProducerTemplate().sendBody(otherDatabase, "3");
        assertEquals(2, component.sharedClients().size(), "another database is another client");

        context.removeEndpoint(otherDatabase);
        assertEquals(1, component.sharedClients().size(), "released with its last endpoint");
        context.stop();
        assertEquals(0, component.sharedClients().size(), "all closed with the context");
    }

    @Test
    void registryClientIsAutowiredAndNeverClosed() throws Exception {
        try (RedisClient own = server().newClient()) {
            CamelContext context = newContext();
            context.getRegistry().bind("myRedis", own);
            context.start();
            String key = uniqueKey("own");

            context.createProducerTemplate().sendBody("redis-streams:" + key, "through my client");
            RedisStreamsEndpoint endpoint = context.getEndpoint("redis-streams:" + key, RedisStreamsEndpoint.class);
            assertSame(own, endpoint.client(), "autowired: the only UnifiedJedis in the registry");
            assertEquals(0, context.getComponent("redis-streams", RedisStreamsComponent.class).sharedClients().size());

            context.stop();
            assertEquals(1, own.xlen(key), "the user's client still works after the context stopped");
        }
    }
}
