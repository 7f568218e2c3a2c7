package dev.camelredis.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACL users: credentials from the options or from redisUri; a wrong password fails naming the endpoint, with the
 * password masked, and no password is ever written to the log.
 */
class AclAuthenticationTest extends RedisStreamsTestSupport {

    private static final String PASSWORD = "s3cret-Pw-7f1d";
    private static final String WRONG_PASSWORD = "wrong-Pw-93ac";

    @RegisterExtension
    static final RedisServerExtension ACL_REDIS = RedisServerExtension.dedicated(
            LocalRedisOptions.defaults().user("app", PASSWORD, "~*", "&*", "+@all"));

    @Override
    protected RedisTestServer server() {
        return ACL_REDIS.server();
    }

    @Test
    void userAndPasswordOptionsAuthenticate() throws Exception {
        String key = uniqueKey("acl");
        Set<String> received = ConcurrentHashMap.newKeySet();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&username=app&password=RAW(" + PASSWORD + ")")
                        .process(e -> received.add(e.getMessage().getBody(String.class)));
            }
        });
        context.createProducerTemplate().sendBody("redis-streams:" + key + "?username=app&password=RAW(" + PASSWORD + ")", "hello");
        await("consumed as app", Duration.ofSeconds(10), () -> received.contains("hello"));
    }

    @Test
    void whenXackIsRefusedReadingPausesAndGoesOnOnceAcksWork() throws Exception {
        String key = uniqueKey("noack");
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "noack", "on", ">" + PASSWORD, "~*", "&*", "+@all", "-xack");
        addEntries(key, 12_000);
        AtomicInteger processed = new AtomicInteger();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=100&reconnectMaxDelay=500"
                     + "&username=noack&password=RAW(" + PASSWORD + ")")
                        .process(e -> processed.incrementAndGet());
            }
        });

        await("10,000 entries processed without an ack", Duration.ofSeconds(30), () -> processed.get() >= 10_000);
        Thread.sleep(1000);
        int paused = processed.get();
        Thread.sleep(1000);
        assertEquals(paused, processed.get(), "reading paused while 10,000 entries wait for their XACK");
        assertTrue(paused < 12_000, "not everything was taken: " + paused);
        assertEquals(paused, pendingCount(key, "g"), "nothing acknowledged, nothing lost");

        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "noack", "+xack");

        await("the acks go through and reading goes on to the end", Duration.ofSeconds(30),
                () -> processed.get() == 12_000 && pendingCount(key, "g") == 0);
    }

    @Test
    void acksQueuedWhenTheStopBeginsAreSentBeforeTheConnectionCloses() throws Exception {
        String key = uniqueKey("flush");
        // XACK refused until the stop has begun: every ack is still queued when it does
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "noflush", "on", ">" + PASSWORD, "~*", "&*", "+@all", "-xack");
        addEntries(key, 1000);
        AtomicInteger processed = new AtomicInteger();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=200&reconnectDelay=50"
                     + "&reconnectMaxDelay=200&username=noflush&password=RAW(" + PASSWORD + ")")
                        .process(e -> processed.incrementAndGet());
            }
        });
        await("all processed, none acked", Duration.ofSeconds(30),
                () -> processed.get() == 1000 && pendingCount(key, "g") == 1000);

        Thread stopping = new Thread(context::stop);
        stopping.start();
        Thread.sleep(200);
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "noflush", "+xack");
        stopping.join(15_000);

        assertFalse(stopping.isAlive(), "the stop finished");
        assertEquals(0, pendingCount(key, "g"), "the acks still queued at stop were sent before the connection closed");
    }

    @Test
    void credentialsInRedisUriAuthenticate() throws Exception {
        String key = uniqueKey("acl");
        CamelContext context = startContext();
        context.createProducerTemplate().sendBody(
                "redis-streams:" + key + "?redisUri=RAW(redis://app:" + PASSWORD + "@localhost:" + server().port() + ")", "via uri");
        assertEquals(1, redis.xlen(key));
    }

    @Test
    void wrongPasswordNamesTheEndpointAndTheCauseButNotThePassword() throws Exception {
        String key = uniqueKey("acl");
        List<Exchange> consumerErrors = new CopyOnWriteArrayList<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                onException(RedisStreamsException.class).handled(true).process(consumerErrors::add);
                from("redis-streams:" + key + "?group=g&bridgeErrorHandler=true&redisUri=RAW(redis://app:" + WRONG_PASSWORD
                     + "@localhost:" + server().port() + ")").to("log:never");
                // not bridged: the consumer's default exception handler logs the failure
                from("redis-streams:" + key + "?group=logged&username=app&password=RAW(" + WRONG_PASSWORD + ")")
                        .to("log:never");
            }
        });

        CamelExecutionException producerError = assertThrows(CamelExecutionException.class,
                () -> context.createProducerTemplate().sendBody(
                        "redis-streams:" + key + "?username=app&password=RAW(" + WRONG_PASSWORD + ")", "x"));
        assertCredentialsError(producerError.getCause().getMessage(), key, WRONG_PASSWORD);

        await("the consumer reports the refused credentials", Duration.ofSeconds(10), () -> !consumerErrors.isEmpty());
        String consumerMessage = consumerErrors.get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage();
        assertCredentialsError(consumerMessage, key, WRONG_PASSWORD);
        assertTrue(consumerMessage.contains("redis://app:xxxxxx@localhost"), consumerMessage);
        assertFalse(redis.exists(key), "nothing written");

        Path logFile = Path.of("target/test.log");
        await("the failure is logged", Duration.ofSeconds(10),
                () -> readLog(logFile).contains("Redis refused the credentials or permissions of redis-streams:" + key));
        context.stop();
        String log = readLog(logFile);
        assertFalse(log.contains(WRONG_PASSWORD), "the log shows no password");
        assertFalse(log.contains(PASSWORD), "the log shows no password");
    }

    private static String readLog(Path logFile) {
        try {
            return Files.readString(logFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
