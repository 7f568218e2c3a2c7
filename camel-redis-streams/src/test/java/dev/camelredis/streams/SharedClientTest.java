package dev.camelredis.streams;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endpoints with the same connection settings share one client, closed with the last of them; a client from the
 * registry is used as it is and never closed, but only where no connection option says otherwise.
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
    void registryClientIsAutowiredWhenNoConnectionOptionIsSetAndNeverClosed() throws Exception {
        try (RedisClient own = server().newClient()) {
            CamelContext context = new DefaultCamelContext();
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

    @Test
    void connectionOptionsOfTheEndpointWinOverARegistryClient() throws Exception {
        try (RedisClient own = server().newClient(); RedisClient database2 = clientOfDatabase(2)) {
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("myRedis", own);
            context.start();
            String key = uniqueKey("explicit");

            context.createProducerTemplate().sendBody(
                    "redis-streams:" + key + "?redisUri=" + server().redisUri() + "&database=2", "to database 2");

            assertEquals(1, database2.xlen(key), "written where the endpoint's options say");
            assertFalse(own.exists(key), "not through the registry client, to database 0");
            context.stop();
        }
    }

    @Test
    void connectionOptionsOfTheComponentWinOverARegistryClient() throws Exception {
        try (RedisClient own = server().newClient(); RedisClient database3 = clientOfDatabase(3)) {
            CamelContext context = newContext();
            context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration().setDatabase(3);
            context.getRegistry().bind("myRedis", own);
            context.start();
            String key = uniqueKey("component");

            context.createProducerTemplate().sendBody("redis-streams:" + key, "to database 3");

            assertNotSame(own, context.getEndpoint("redis-streams:" + key, RedisStreamsEndpoint.class).client());
            assertEquals(1, database3.xlen(key), "written where the component's options say");
            assertFalse(own.exists(key), "not through the registry client, to database 0");
        }
    }

    @Test
    void namedClientWithConnectionOptionsIsRefusedNamingBoth() throws Exception {
        try (RedisClient own = server().newClient()) {
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("myRedis", own);
            context.start();

            ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("redis-streams:events?redisClient=#myRedis&redisUri=" + server().redisUri()
                                              + "&database=4"));
            String message = e.getCause().getMessage();
            assertTrue(message.startsWith("Option redisClient cannot be combined with redisUri, database: the client brings"
                                          + " its own server and credentials. Remove redisClient to connect with the"
                                          + " options, or remove redisUri, database to use the client"), message);
            context.stop();
        }
    }

    @Test
    void clientOfTheComponentWithConnectionOptionsIsRefusedNamingBoth() throws Exception {
        try (RedisClient own = server().newClient()) {
            CamelContext context = new DefaultCamelContext();
            context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration().setRedisClient(own);
            context.start();

            ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("redis-streams:events?password=RAW(pw-9f3a)"));
            String message = e.getCause().getMessage();
            assertTrue(message.startsWith("Option redisClient of the component cannot be combined with password"), message);
            assertFalse(message.contains("pw-9f3a"), message);

            context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration().setUsername("app");
            e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("redis-streams:other"));
            assertTrue(e.getCause().getMessage().startsWith(
                    "Option redisClient of the component cannot be combined with username"), e.getCause().getMessage());
            context.stop();
        }
    }

    private RedisClient clientOfDatabase(int database) {
        return RedisClient.builder().hostAndPort(new HostAndPort(server().host(), server().port()))
                .clientConfig(DefaultJedisClientConfig.builder().database(database).build()).build();
    }
}
