package dev.camelredis.streams;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.Category;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What IDE plugins, the catalog and Camel's observability read about the component: the component.properties file,
 * the category, the service location, and an endpoint text that carries no server address. No Redis needed: an
 * endpoint does not connect before it starts.
 */
class DiscoveryTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void componentPropertiesNameTheComponentAndItsArtifact() throws Exception {
        List<Properties> ours = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/services/org/apache/camel/component.properties"))) {
            Properties properties = new Properties();
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
            if ("camel-redis-streams".equals(properties.getProperty("artifactId"))) {
                ours.add(properties);
            }
        }
        assertEquals(1, ours.size(), "one component.properties of camel-redis-streams on the classpath");
        assertEquals("redis-streams", ours.get(0).getProperty("components"));
        assertEquals("dev.camelredis", ours.get(0).getProperty("groupId"));
    }

    @Test
    void listedAsMessagingOnly() {
        assertArrayEquals(new Category[] { Category.MESSAGING },
                RedisStreamsEndpoint.class.getAnnotation(UriEndpoint.class).category());
    }

    @Test
    void serviceLocationOfAStandaloneServerHasAddressProtocolAndDatabaseButNoCredentials() {
        EndpointServiceLocation location = location("redis-streams:events:orders?redisUri=redis://app:s3cret@redis-a:6380/2");
        assertEquals("redis-a:6380", location.getServiceUrl());
        assertEquals("redis", location.getServiceProtocol());
        assertEquals(Map.of("database", "2"), location.getServiceMetadata());
        assertFalse(String.valueOf(location.getServiceMetadata()).contains("app"), "no user name in the metadata");

        EndpointServiceLocation split = location("redis-streams:events:orders?redisUri=rediss://redis-a&username=app&password=s3cret");
        assertEquals("redis-a:6379", split.getServiceUrl());
        assertEquals("rediss", split.getServiceProtocol());
    }

    @Test
    void serviceLocationOfClusterAndSentinelListsTheirNodes() {
        EndpointServiceLocation cluster = location("redis-streams:events:orders?clusterNodes=rediss://n1:7000,rediss://n2:7001&password=s3cret");
        assertEquals("n1:7000,n2:7001", cluster.getServiceUrl());
        assertEquals("rediss", cluster.getServiceProtocol());

        EndpointServiceLocation sentinel
                = location("redis-streams:events:orders?sentinelMaster=mymaster&sentinelNodes=s1:26379,[::1]:26380");
        assertEquals("s1:26379,[::1]:26380", sentinel.getServiceUrl());
        assertEquals("redis", sentinel.getServiceProtocol());
        assertEquals(Map.of("sentinelMaster", "mymaster"), sentinel.getServiceMetadata());
    }

    @Test
    void serviceLocationOfARedisClientBeanIsUnknown() {
        try (RedisClient client = RedisClient.builder().hostAndPort("127.0.0.1", 1).build()) {
            context.getRegistry().bind("myRedis", client);
            EndpointServiceLocation location = location("redis-streams:events:orders?redisClient=#myRedis");
            assertNull(location.getServiceUrl(), "Camel skips an endpoint whose service URL is null");
        }
    }

    @Test
    void endpointTextCarriesNeitherAddressNorOptions() {
        String text = context.getEndpoint(
                "redis-streams:events:orders?group=g&redisUri=redis://app:s3cret@redis-a.internal:6380/2").toString();
        assertEquals("Endpoint[redis-streams://events:orders]", text);
    }

    private EndpointServiceLocation location(String uri) {
        return assertInstanceOf(EndpointServiceLocation.class, context.getEndpoint(uri));
    }
}
