package dev.camelredis.streams;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the producer hands exchanges back: off the thread that sends the pipelines (so that the rest of concurrent
 * routes runs concurrently), with an error for what arrives after a stop, and with the IDs of a List body that was
 * written only in part.
 */
class ProducerCompletionTest extends RedisStreamsTestSupport {

    @Test
    void theRoutesGoOnAfterTheXaddConcurrentlyAndOffThePipelineThread() throws Exception {
        String key = uniqueKey("orders");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(8);
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:in?concurrentConsumers=8").to("redis-streams:" + key).process(e -> {
                    threads.add(Thread.currentThread().getName());
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(250); // a blocking call after the XADD: HTTP, JDBC ...
                    running.decrementAndGet();
                    done.countDown();
                });
            }
        });
        ProducerTemplate template = context.createProducerTemplate();
        for (int i = 0; i < 8; i++) {
            template.sendBody("seda:in", "m" + i);
        }

        assertTrue(done.await(30, TimeUnit.SECONDS), "all 8 went on after their XADD");
        assertTrue(threads.stream().noneMatch(name -> name.contains("RedisStreamsProducer[")),
                "never on the pipeline thread: " + threads);
        assertTrue(mostAtOnce.get() > 1, "the 8 continuations are not run one after the other: " + mostAtOnce.get());
        assertEquals(8, redis.xlen(key));
    }

    @Test
    void anExchangeSentToAStoppedProducerFailsAtOnceWithNothingWritten() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key).createAsyncProducer();
        producer.start();
        producer.stop();
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody("late");
        CountDownLatch called = new CountDownLatch(1);

        producer.process(exchange, doneSync -> called.countDown());

        assertTrue(called.await(5, TimeUnit.SECONDS), "the exchange is handed back");
        assertInstanceOf(RedisStreamsException.class, exchange.getException());
        assertTrue(exchange.getException().getMessage().contains("stopped before the entry was added"),
                exchange.getException().getMessage());
        assertFalse(redis.exists(key), "nothing written");
    }

    @Test
    void aListBodyWrittenInPartSaysWhichEntriesWereAdded() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        ProducerTemplate template = context.createProducerTemplate();
        template.sendBody("redis-streams:" + key, "first");
        long used = Long.parseLong(redis.info("memory").lines().filter(line -> line.startsWith("used_memory:"))
                .findFirst().orElseThrow().substring("used_memory:".length()).strip());
        List<String> body = new ArrayList<>(Collections.nCopies(30, "x".repeat(200_000)));
        // room for some of the 30 entries of 200 kB, not for all: Redis refuses the rest with OOM
        redis.configSet("maxmemory", String.valueOf(used + 3_000_000));
        redis.configSet("maxmemory-policy", "noeviction");
        Exchange result;
        long added;
        try {
            result = template.request("redis-streams:" + key, e -> e.getMessage().setBody(body));
            added = redis.xlen(key) - 1;
        } finally {
            redis.configSet("maxmemory", "0");
            redis.del(key);
        }

        assertTrue(added > 0 && added < 30, "the test needs a partial write, got " + added + " of 30");
        String message = result.getException().getMessage();
        assertTrue(message.contains(added + " of 30 entries of the List body were added") && message.contains("OOM"),
                message);
        List<?> ids = result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, List.class);
        assertEquals(30, ids.size());
        assertEquals(added, ids.stream().filter(Objects::nonNull).count(), "an ID for each entry added: " + ids);
        assertNull(ids.get(29), "none for the refused ones");
    }
}
