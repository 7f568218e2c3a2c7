package dev.camelredis.streams;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad option values fail when the endpoint is created, naming the option and what it accepts. No Redis needed: the
 * endpoint does not connect before it starts.
 */
class EndpointOptionsTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ackMode=SOMETIMES                   | Option ackMode must be one of [AUTO, MANUAL, NONE] but was SOMETIMES",
            "maxMessagesPerPoll=-1               | Option maxMessagesPerPoll must be greater than 0 but was -1",
            "concurrentConsumers=0               | Option concurrentConsumers must be greater than 0 but was 0",
            "blockTimeout=0                      | Option blockTimeout must be greater than 0 but was 0",
            "maxLen=-1                           | Option maxLen must be 0 or more",
            "maxLen=10&maxAge=1h                 | Options maxLen and maxAge cannot be combined",
            "startId=latest                      | Option startId must be $, 0 or an entry ID",
            "reconnectDelay=5s&reconnectMaxDelay=1s | Option reconnectMaxDelay",
            "redisUri=http://localhost:6379      | the scheme must be redis:// or rediss://",
            "redisUri=redis://localhost:6379/db2 | the path must be a database number",
            "redisUri=redis://secret@localhost   | credentials must be written user:password@",
            "payloadField=                       | Option payloadField must name a field",
            "shards=0                            | Option shards must be greater than 0 but was 0",
            "clusterNodes=node-1                 | Option clusterNodes has a malformed node 'node-1': expected host:port",
            "clusterNodes=rediss://a:1,b:2       | Option clusterNodes mixes TLS (rediss://) and plain nodes",
            "clusterNodes=a:1&database=2         | Option database cannot be used with clusterNodes",
            "sentinelMaster=mymaster             | Options sentinelMaster and sentinelNodes go together",
            "clusterNodes=a:1&sentinelMaster=m&sentinelNodes=s:1 | Options clusterNodes and sentinelMaster/sentinelNodes cannot be combined",
            "shardOwnership=true&concurrentConsumers=2 | Option shardOwnership reads each shard with one reader",
    })
    void invalidValuesFailAtEndpointCreation(String options, String expected) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?" + options));
        String message = causeMessages(e);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ackMode=manual           | MANUAL | XADD",
            "ackMode=None             | NONE   | XADD",
            "operation=xlen           | AUTO   | XLEN",
            "operation=xgroup_create  | AUTO   | XGROUP_CREATE",
    })
    void enumOptionsAreReadInAnyCase(String options, AckMode ackMode, RedisStreamsOperation operation) {
        RedisStreamsEndpoint endpoint = context.getEndpoint("redis-streams:events:orders?" + options,
                RedisStreamsEndpoint.class);
        assertEquals(ackMode, endpoint.getConfiguration().getAckMode());
        assertEquals(operation, endpoint.getConfiguration().getOperation());
    }

    @Test
    void enumOptionsOfTheComponentAreReadInAnyCaseAndRefusedNamingTheValues() {
        RedisStreamsComponent component = context.getComponent("redis-streams", RedisStreamsComponent.class);
        // as camel-main binds camel.component.redis-streams.ackMode=manual
        PropertyBindingSupport.build().withConfigurer(component.getComponentPropertyConfigurer())
                .bind(context, component, new HashMap<>(Map.of("ackMode", "manual", "operation", "xinfo_stream")));
        assertEquals(AckMode.MANUAL, component.getConfiguration().getAckMode());
        assertEquals(RedisStreamsOperation.XINFO_STREAM, component.getConfiguration().getOperation());

        Exception e = assertThrows(Exception.class, () -> PropertyBindingSupport.build()
                .withConfigurer(component.getComponentPropertyConfigurer())
                .bind(context, component, new HashMap<>(Map.of("ackMode", "sometimes"))));
        assertTrue(causeMessages(e).contains("Option ackMode must be one of [AUTO, MANUAL, NONE] but was sometimes"),
                causeMessages(e));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redisUri=RAW(redis://app:hunter2@localhost:6379) | Option sslContextParameters is set, but redisUri (redis://app:xxxxxx@localhost:6379/0) does not use TLS: the connection would be made in clear, credentials included. Write the URI with rediss:// to connect with TLS, for example rediss://localhost:6379, or remove sslContextParameters",
            "clusterNodes=a:7000,b:7001&password=RAW(hunter2) | Option sslContextParameters is set, but clusterNodes lists plain nodes (a:7000,b:7001): the connections would be made in clear, credentials included. Write each node as rediss://host:port to connect with TLS, or remove sslContextParameters",
            "sentinelMaster=m&sentinelNodes=redis://s:26379   | Option sslContextParameters is set, but sentinelNodes lists plain nodes (s:26379)",
    })
    void tlsSettingsOnAPlainConnectionAreRefused(String options, String expected) {
        context.getRegistry().bind("tls", new SSLContextParameters());
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?sslContextParameters=#tls&" + options));
        String message = causeMessages(e);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        assertFalse(e.getCause().getMessage().contains("hunter2"), message);
    }

    @Test
    void tlsSettingsOfTheComponentAreRefusedForAPlainEndpointToo() {
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration()
                .setSslContextParameters(new SSLContextParameters());
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders"));
        assertTrue(causeMessages(e).contains("Option sslContextParameters is set, but redisUri (redis://localhost:6379/0)"
                                             + " does not use TLS"), causeMessages(e));
        // with TLS the same settings are taken
        context.getEndpoint("redis-streams:events:orders?redisUri=rediss://localhost:6380");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "appuser:PropS3cret@localhost:6379",
            "redis:/appuser:PropS3cret@localhost:6379",
            "redis//appuser:PropS3cret@localhost",
            "redis://appuser:PropS3cret@",
            "redis://appuser:Prop#S3cret@localhost:6379",
            "redis://appuser:PropS3cret@localhost:6379?timeout=1",
            "redis://appuser:PropS3cret@local host:6379",
    })
    void malformedRedisUriNeverShowsThePassword(String redisUri) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?redisUri=RAW(" + redisUri + ")"));
        // Camel's own message repeats the endpoint URI as written; the component's must not add the password to it
        String message = e.getCause().getMessage();
        assertTrue(message.startsWith("Option redisUri is malformed ("), message);
        assertFalse(message.contains("S3cret"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders?deadLetterStream=orders:dead                   | the dead-letter stream 'orders:dead' of stream 'orders' hashes to cluster slot 5988, the stream to slot 105 | Give it the stream's hash tag, for example deadLetterStream={orders}:dlq",
            "{orders}:in?deadLetterStream=dead                     | the dead-letter stream 'dead' of stream '{orders}:in' hashes to cluster slot 14209, the stream to slot 105 | Give it the stream's hash tag, for example deadLetterStream={orders}:dlq",
            "orders?shards=4&deadLetterStream={dead}               | the dead-letter stream '{dead}:{0}' of stream 'orders:{0}' hashes to cluster slot 14209, the stream to slot 13907 | Each shard's hash tag is appended to deadLetterStream: leave braces out of it",
    })
    void aDeadLetterStreamInAnotherClusterSlotIsRefusedAtStart(String endpoint, String expected, String fix) {
        // no node needs to answer: the check runs before the first connection
        Exception e = assertThrows(Exception.class, () -> {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + endpoint + "&group=g&maxDeliveries=3&clusterNodes=127.0.0.1:1").to("log:x");
                }
            });
            context.start();
        });
        String message = causeMessages(e);
        assertTrue(message.contains("Option deadLetterStream: " + expected + ". An entry moves to it in one script, which"
                                    + " Redis Cluster runs only on keys of one slot. " + fix
                                    + ", or leave deadLetterStream out for the default"), message);
    }

    @Test
    void aDeadLetterStreamInTheStreamSlotIsTaken() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:orders?group=g&maxDeliveries=3&deadLetterStream={orders}:dead&clusterNodes=127.0.0.1:1")
                        .to("log:x");
                from("redis-streams:events?group=g&shards=4&maxDeliveries=3&deadLetterStream=events:dead"
                     + "&clusterNodes=127.0.0.1:1").to("log:x");
            }
        });
        context.start();
        assertTrue(context.getRouteController().getRouteStatus(context.getRoutes().get(1).getId()).isStarted());
    }

    @Test
    void malformedRedisUriDoesNotShowThePassword() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("redis-streams:events:orders?redisUri=RAW(http://app:hunter2@localhost)"));
        String message = causeMessages(e);
        assertTrue(message.contains("the scheme must be"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aConsumerWithoutGroupFailsNamingTheOption() {
        Exception e = assertThrows(Exception.class, () -> {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:events:orders").to("log:x");
                }
            });
            context.start();
        });
        assertTrue(causeMessages(e).contains("Option group is required"), causeMessages(e));
    }

    @Test
    void endpointCopiesComponentDefaultsAndMayOverrideThem() {
        RedisStreamsComponent component = context.getComponent("redis-streams", RedisStreamsComponent.class);
        component.getConfiguration().setGroup("shared");
        component.getConfiguration().setMaxMessagesPerPoll(50);

        RedisStreamsEndpoint defaults = context.getEndpoint("redis-streams:a", RedisStreamsEndpoint.class);
        RedisStreamsEndpoint overridden = context.getEndpoint("redis-streams:b?maxMessagesPerPoll=5&blockTimeout=2s",
                RedisStreamsEndpoint.class);

        assertEquals("shared", defaults.getConfiguration().getGroup());
        assertEquals(50, defaults.getConfiguration().getMaxMessagesPerPoll());
        assertEquals(5, overridden.getConfiguration().getMaxMessagesPerPoll());
        assertEquals(2000, overridden.getConfiguration().getBlockTimeout());
        assertEquals(50, component.getConfiguration().getMaxMessagesPerPoll(), "the component's defaults stay");
    }

    private static String causeMessages(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
