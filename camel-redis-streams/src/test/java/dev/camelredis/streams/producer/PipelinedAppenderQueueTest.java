package dev.camelredis.streams.producer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.RedisStreamsTestSupport;
import dev.camelredis.streams.health.LoopHealth;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer's queue is bounded: with nothing taking requests out (its pipeline loop not started, as when Redis
 * stalls it for longer than a sender may wait), the sender after the last free place fails after socketTimeout, and
 * a stop fails every request still queued. Every exchange is handed back exactly once.
 */
class PipelinedAppenderQueueTest extends RedisStreamsTestSupport {

    @Test
    void aFullQueueFailsTheNextSenderAndTheStopFailsTheQueued() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (RedisClient client = server().newClient()) {
            XaddSender sender = new XaddSender(client, "redis-streams:" + key, (error, id) -> new RedisStreamsException("x", error),
                    "no stream", new LoopHealth());
            PipelinedAppender appender = new PipelinedAppender(sender, new Continuations(workers, false), key, 200);
            List<Exchange> exchanges = new ArrayList<>();
            AtomicInteger handedBack = new AtomicInteger();
            for (int i = 0; i <= PipelinedAppender.MAX_QUEUED_REQUESTS; i++) {
                Exchange exchange = new DefaultExchange(context);
                exchanges.add(exchange);
                appender.submit(new AppendRequest(exchange, doneSync -> handedBack.incrementAndGet(),
                        key.getBytes(StandardCharsets.UTF_8), List.of(Map.of("n".getBytes(StandardCharsets.UTF_8),
                                Integer.toString(i).getBytes(StandardCharsets.UTF_8))), XAddParams.xAddParams(), null, false));
            }

            assertEquals(1, handedBack.get(), "only the one that found no room is back");
            Exception overflow = exchanges.get(PipelinedAppender.MAX_QUEUED_REQUESTS).getException();
            assertInstanceOf(RedisStreamsException.class, overflow);
            assertTrue(overflow.getMessage().contains("has 10000 exchanges waiting for Redis and found no room for this one"
                                                      + " within 200 ms (socketTimeout)")
                       && overflow.getMessage().contains("Nothing was written"), overflow.getMessage());

            appender.stop(100);

            assertEquals(PipelinedAppender.MAX_QUEUED_REQUESTS + 1, handedBack.get(), "every exchange handed back once");
            assertTrue(exchanges.get(0).getException().getMessage().contains("stopped before the entry was added"));
            assertFalse(redis.exists(key), "nothing written");
        } finally {
            workers.shutdownNow();
        }
    }
}
