package dev.camelredis.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with a client we did not write: redis-cli (.ci/run installs it where it is missing).
 */
class RedisCliInteropTest extends RedisStreamsTestSupport {

    private static Path redisCli;

    @BeforeAll
    static void findRedisCli() {
        redisCli = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "redis-cli")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(redisCli != null, "redis-cli is not on PATH: install redis-tools to run this test");
    }

    @Test
    void entriesAddedByRedisCliAreConsumed() throws Exception {
        String key = uniqueKey("cli");
        BlockingQueue<Exchange> received = new ArrayBlockingQueue<>(10);
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0").process(received::add);
            }
        });

        String id = redisCli("XADD", key, "*", "orderId", "o-7", "note", "added by redis-cli").trim();

        Exchange exchange = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(exchange);
        assertEquals(id, exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID));
        assertEquals(Map.of("orderId", "o-7", "note", "added by redis-cli"), exchange.getMessage().getBody(Map.class));
        await("acked", Duration.ofSeconds(5), () -> "0".equals(redisCli("XPENDING", key, "g").lines().findFirst().orElse("")));
    }

    @Test
    void entriesProducedByTheComponentReadBackWithRedisCli() throws Exception {
        String key = uniqueKey("cli");
        CamelContext context = startContext();
        Exchange sent = context.createProducerTemplate().send("redis-streams:" + key,
                e -> e.getMessage().setBody(Map.of("orderId", "o-8")));

        List<String> lines = redisCli("XRANGE", key, "-", "+").lines().toList();

        assertEquals(List.of(sent.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class), "orderId", "o-8"),
                lines);
    }

    private String redisCli(String... command) {
        List<String> args = new ArrayList<>(List.of(redisCli.toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(server().port())));
        args.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "redis-cli finished");
            assertEquals(0, process.exitValue(), "redis-cli " + String.join(" ", command) + ": " + output);
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
