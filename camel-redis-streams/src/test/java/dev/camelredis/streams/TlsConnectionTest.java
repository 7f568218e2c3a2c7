package dev.camelredis.streams;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rediss:// against a redis-server that only speaks TLS, with a certificate the test service generated.
 */
class TlsConnectionTest extends RedisStreamsTestSupport {

    @RegisterExtension
    static final RedisServerExtension TLS_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().tls());

    @Override
    protected RedisTestServer server() {
        return TLS_REDIS.server();
    }

    @Test
    void producesAndConsumesOverTls() throws Exception {
        assertTrue(server().redisUri().startsWith("rediss://"));
        String key = uniqueKey("secure");
        Set<String> received = ConcurrentHashMap.newKeySet();
        CamelContext context = newContext();
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration()
                .setSslContextParameters(trusting(server().tlsTrustStore(), server().tlsTrustStorePassword()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0").process(e -> received.add(e.getMessage().getBody(String.class)));
            }
        });
        context.start();

        context.createProducerTemplate().sendBody("redis-streams:" + key, "over TLS");

        await("entry consumed over TLS", Duration.ofSeconds(10), () -> received.contains("over TLS"));
        await("and acked", Duration.ofSeconds(5), () -> pendingCount(key, "g") == 0);
    }

    @Test
    void untrustedCertificateFailsWithAClearError() throws Exception {
        CamelContext context = startContext();
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> context.createProducerTemplate().sendBody("redis-streams:" + uniqueKey("secure"), "x"));
        String message = e.getCause().getMessage();
        assertTrue(message.contains("Cannot reach Redis for redis-streams:") && message.contains("rediss://localhost"),
                message);
        assertTrue(message.contains("PKIX path building failed") && message.contains("option sslContextParameters"),
                message);
    }
}
