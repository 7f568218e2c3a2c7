package dev.camelredis.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.camelredis.streams.connection.RedisConnectionSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Duration texts, node lists and timeouts that Camel or Jedis would otherwise take silently (as 0 ms, as a host named
 * user:password@host) or fail on without naming the option.
 */
class OptionValidationTest extends RedisStreamsTestSupport {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "claimMinIdleTime | 2w",
            "claimMinIdleTime | 1x",
            "claimMinIdleTime | abc",
            "claimMinIdleTime | 2S",
            "claimMinIdleTime | -5s",
            "maxAge           | 1d2d",
            "blockTimeout     | 30s1m",
            "socketTimeout    | PT5X",
            "shardLeaseTime   | 99999999999999999999s",
    })
    void mistypedDurationsFailNamingTheOption(String option, String value) {
        CamelContext context = newContext();
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?" + option + "=" + value));
        String expected = "Option " + option + " must be a duration such as 5000 (milliseconds), 5s, 1m30s or PT5S but was '"
                          + value + "'";
        assertTrue(causeMessages(e).contains(expected), causeMessages(e));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5000    | 5000",
            "500ms   | 500",
            "30s     | 30000",
            "5m      | 300000",
            "1h      | 3600000",
            "2d      | 172800000",
            "1m30s   | 90000",
            "1s500ms | 1500",
            "PT5S    | 5000",
            "PT1M30S | 90000",
    })
    void durationsAreReadAsCamelReadsThem(String value, long millis) throws Exception {
        String key = uniqueKey("durations");
        CamelContext context = startContext();
        String uri = "redis-streams:" + key + "?claimMinIdleTime=" + value + "&maxAge=" + value;
        RedisStreamsEndpoint endpoint = context.getEndpoint(uri, RedisStreamsEndpoint.class);
        assertEquals(millis, endpoint.getConfiguration().getClaimMinIdleTime());
        assertEquals(millis, endpoint.getConfiguration().getMaxAge());

        // the endpoint works against Redis: XADD with MINID trimming by maxAge
        context.createProducerTemplate().sendBody(uri, "hello");
        assertEquals(1, redis.xlen(key));
    }

    @Test
    void mistypedComponentDurationFailsNamingTheOption() {
        CamelContext context = newContext();
        RedisStreamsComponent component = context.getComponent("redis-streams", RedisStreamsComponent.class);
        // as camel-main binds camel.component.redis-streams.claimMinIdleTime=2w
        Exception e = assertThrows(Exception.class, () -> PropertyBindingSupport.build()
                .withConfigurer(component.getComponentPropertyConfigurer())
                .bind(context, component, new HashMap<>(Map.of("claimMinIdleTime", "2w"))));
        assertTrue(causeMessages(e).contains(
                "Option claimMinIdleTime must be a duration such as 5000 (milliseconds), 5s, 1m30s or PT5S but was '2w'"),
                causeMessages(e));
        assertEquals(60000, component.getConfiguration().getClaimMinIdleTime(), "the default stays");

        PropertyBindingSupport.build().withConfigurer(component.getComponentPropertyConfigurer())
                .bind(context, component, new HashMap<>(Map.of("claimMinIdleTime", "1m30s")));
        assertEquals(90000, component.getConfiguration().getClaimMinIdleTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "clusterNodes=RAW(app:hunter2@node-1:6379,node-2:6379)",
            "clusterNodes=RAW(node-1:6379,rediss://app:hunter2@node-2:6379)",
            "clusterNodes=RAW(redis://app:hun,ter2@node-1:6379)",
            "sentinelMaster=mymaster&sentinelNodes=RAW(:hunter2@sentinel-1:26379)",
    })
    void credentialsInNodesAreRefusedWithoutShowingThem(String options) {
        CamelContext context = newContext();
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?" + options));
        // Camel's own message repeats the URI as written: the component's error must not add to it
        String message = rootCause(e).getMessage();
        assertTrue(message.contains("has a node with credentials (user:password@), which is not supported"), message);
        assertTrue(message.contains("set the options username and password"), message);
        assertFalse(message.contains("hunter2") || message.contains("hun,ter2") || message.contains("ter2@"), message);
    }

    @Test
    void ipv6NodesAreReadWithoutTheirBrackets() {
        RedisStreamsConfiguration configuration = new RedisStreamsConfiguration();
        configuration.setClusterNodes("[::1]:7000,[fd00::2]:7001");

        assertEquals(List.of(new HostAndPort("::1", 7000), new HostAndPort("fd00::2", 7001)),
                RedisConnectionSettings.from(configuration).nodes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "socketTimeout=0                          | Option socketTimeout must be greater than 0 but was 0 (0 would wait forever)",
            "connectionTimeout=0                      | Option connectionTimeout must be greater than 0 but was 0 (0 would wait forever)",
            "blockTimeout=0                           | Option blockTimeout must be greater than 0 but was 0 (0 would wait forever)",
            "socketTimeout=2147483648                 | Option socketTimeout must be at most 2147483647 ms (about 24 days) but was 2147483648 ms",
            "connectionTimeout=30d                    | Option connectionTimeout must be at most 2147483647 ms (about 24 days) but was 2592000000 ms",
            "blockTimeout=25d                         | Option blockTimeout must be at most 2147483647 ms",
            "blockTimeout=2147483000&socketTimeout=2s | Options blockTimeout (2147483000 ms) and socketTimeout (2000 ms) together bound a blocking read and must not exceed 2147483647 ms",
    })
    void timeoutsOutOfJedisRangeFailNamingTheOption(String options, String expected) {
        CamelContext context = newContext();
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?" + options));
        String message = causeMessages(e);
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("integer overflow"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "workerPoolCoreSize=0                       | Option workerPoolCoreSize must be greater than 0 but was 0",
            "workerPoolCoreSize=8&workerPoolMaxSize=4   | Option workerPoolMaxSize (4) must not be smaller than workerPoolCoreSize (8)",
            "synchronous=true&workerPool=#pool          | Options synchronous and workerPool cannot be combined",
    })
    void producerThreadingOptionsThatCannotWorkFailNamingTheOption(String options, String expected) {
        CamelContext context = newContext();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            context.getRegistry().bind("pool", pool);
            ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("redis-streams:events:orders?" + options));
            assertTrue(causeMessages(e).contains(expected), causeMessages(e));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largestTimeoutsStillWork() throws Exception {
        String key = uniqueKey("timeouts");
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:add").to("redis-streams:" + key + "?socketTimeout=2147481647"
                                      + "&blockTimeout=2000&connectionTimeout=2s");
            }
        });
        context.createProducerTemplate().sendBody("direct:add", "hello");
        assertEquals(1, redis.xlen(key));
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String causeMessages(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
