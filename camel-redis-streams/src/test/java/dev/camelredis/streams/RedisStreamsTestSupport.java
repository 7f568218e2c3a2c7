package dev.camelredis.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real Redis (the shared test server), a plain client for assertions, and Camel contexts that are stopped after each
 * test.
 */
public abstract class RedisStreamsTestSupport {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    protected RedisClient redis;
    private final TestContexts contexts = new TestContexts();

    /** The server the contexts of this test talk to; a subclass with a dedicated server overrides it. */
    protected RedisTestServer server() {
        return REDIS.server();
    }

    @BeforeEach
    void openAssertionClient() {
        redis = server().newClient();
    }

    @AfterEach
    void stopContextsAndClient() {
        contexts.stopAll();
        redis.close();
    }

    /**
     * The component's error for refused credentials: it names the endpoint, carries Redis' WRONGPASS and the fix,
     * and shows none of the {@code secrets}.
     */
    protected static void assertCredentialsError(String message, String key, String... secrets) {
        assertNotNull(message);
        assertTrue(message.contains("Redis refused the credentials or permissions of redis-streams:" + key), message);
        assertTrue(message.contains("WRONGPASS"), message);
        assertTrue(message.contains("Check the username and password options"), message);
        for (String secret : secrets) {
            assertFalse(message.contains(secret), message);
        }
    }

    protected static String uniqueKey(String prefix) {
        return prefix + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A started context whose redis-streams component points at the test server.
     */
    protected CamelContext startContext(RouteBuilder... routes) throws Exception {
        CamelContext context = newContext();
        for (RouteBuilder route : routes) {
            context.addRoutes(route);
        }
        context.start();
        return context;
    }

    protected CamelContext newContext() {
        CamelContext context = contexts.create();
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration()
                .setRedisUri(server().redisUri());
        return context;
    }

    /**
     * Adds count entries {n: i, payload: "entry-i"} in one pipeline and returns their IDs in order.
     */
    protected List<StreamEntryID> addEntries(String key, int count) {
        List<Response<StreamEntryID>> responses = new ArrayList<>(count);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < count; i++) {
                responses.add(pipeline.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("n", String.valueOf(i), "payload", "entry-" + i)));
            }
            pipeline.sync();
        }
        return responses.stream().map(Response::get).toList();
    }

    /**
     * Entries pending in the group, or -1 while the group does not exist yet (the consumer creates it when it starts).
     */
    protected long pendingCount(String key, String group) {
        try {
            return redis.xpending(key, group).getTotal();
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                return -1;
            }
            throw e;
        }
    }

    protected List<String> pendingIds(String key, String group) {
        return redis.xpending(key, group, XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                .end(StreamEntryID.MAXIMUM_ID).count(100_000))
                .stream().map(StreamPendingEntry::getID).map(StreamEntryID::toString).toList();
    }

    /**
     * TLS settings trusting the certificates of a PKCS12 truststore, such as the one the test service generates.
     */
    protected static SSLContextParameters trusting(Path trustStore, String password) {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setResource("file:" + trustStore);
        keyStore.setPassword(password);
        keyStore.setType("PKCS12");
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(keyStore);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trustManagers);
        return parameters;
    }

    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted while waiting for: " + what);
            }
        }
    }
}
