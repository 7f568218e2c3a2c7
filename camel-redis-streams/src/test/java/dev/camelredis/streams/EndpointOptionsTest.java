package dev.camelredis.streams;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
