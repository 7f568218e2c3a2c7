package dev.camelredis.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the producer hands exchanges back: off the thread that sends the pipelines (so that the rest of concurrent
 * routes runs concurrently), with an error for what arrives after a stop, and with the IDs of a List body that was
 * written only in part.
 */
class ProducerCompletionTest extends RedisStreamsTestSupport {

    /** How many senders the producer lets send in their own threads at once (PipelinedAppender.MAX_DIRECT_SENDS). */
    private static final int DIRECT_SENDS = 8;

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
    void aContinuationThatWaitsDoesNotHoldUpTheXaddsOfOtherExchanges() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key).createAsyncProducer();
        producer.start();
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Integer> handedBack = new ConcurrentHashMap<>();
        ExecutorService helper = Executors.newFixedThreadPool(DIRECT_SENDS);
        // more continuations than the worker pool has threads and Camel's default pool has room (20 + 1,000)
        int slow = 1_100;
        try {
            // the producer is busy, so these take the pipeline and go on in the worker pool, not in this thread
            Future<?> held = holdTheIdlePath(helper, producer, context, 20_000);
            for (int i = 0; i < slow; i++) {
                Exchange exchange = exchange(context, "slow-" + i);
                assertFalse(producer.process(exchange, doneSync -> {
                    count(handedBack, exchange);
                    awaitQuietly(release); // a slow step after the XADD: HTTP, JDBC ...
                }), "taken by the pipeline");
            }
            unpause();
            held.get(30, TimeUnit.SECONDS);
            await("the 1,100 XADDs written", Duration.ofSeconds(30), () -> redis.xlen(key) == DIRECT_SENDS + slow);
            int probes = untilThePipelineIsIdle(producer, context);
            held = holdTheIdlePath(helper, producer, context, 20_000);
            Exchange other = exchange(context, "other");
            assertFalse(producer.process(other, doneSync -> count(handedBack, other)), "taken by the pipeline");
            unpause();

            await("the XADD of another exchange goes out while 1,100 continuations wait", Duration.ofSeconds(10),
                    () -> redis.xlen(key) == 2 * DIRECT_SENDS + slow + probes + 1);
            held.get(30, TimeUnit.SECONDS);
        } finally {
            unpause();
            release.countDown();
            helper.shutdownNow();
        }
        await("every exchange handed back", Duration.ofSeconds(30), () -> handedBack.size() == slow + 1);
        assertTrue(handedBack.values().stream().allMatch(n -> n == 1), "each exactly once");
        // not a route's: the context would wait 10 s for its pipeline thread
        producer.stop();
    }

    @Test
    void continuationsThatSendToTheSameProducerAndWaitDoNotDeadlockIt() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key).createAsyncProducer();
        producer.start();
        Map<String, Integer> handedBack = new ConcurrentHashMap<>();
        List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
        int sends = 1_100;
        for (int i = 0; i < sends; i++) {
            Exchange exchange = exchange(context, "first-" + i);
            Exchange again = exchange(context, "again-" + i);
            producer.process(exchange, doneSync -> {
                try {
                    producer.process(again); // a step that sends to the same producer and waits for its XADD
                } catch (Exception e) {
                    errors.add(e);
                }
                if (again.getException() != null) {
                    errors.add(again.getException());
                }
                count(handedBack, exchange);
            });
        }

        await("all 1,100 handed back, each after a second XADD of its own", Duration.ofSeconds(60),
                () -> handedBack.size() == sends);
        assertEquals(List.of(), errors);
        assertTrue(handedBack.values().stream().allMatch(n -> n == 1), "each exactly once");
        assertEquals(2 * sends, redis.xlen(key));
        producer.stop();
    }

    @Test
    void aStopWhileRedisStallsAPipelineHandsEveryExchangeBackOnceSayingItMayHaveBeenWritten() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key + "?socketTimeout=1500").createAsyncProducer();
        producer.start();
        producer.process(exchange(context, "warm-up")); // the stream exists, a connection is open
        Map<String, Integer> handedBack = new ConcurrentHashMap<>();
        List<Exchange> exchanges = new ArrayList<>();
        ExecutorService syncSender = Executors.newSingleThreadExecutor();
        ExecutorService helper = Executors.newFixedThreadPool(DIRECT_SENDS);
        // what is sent next takes the pipeline, which Redis then stalls
        holdTheIdlePath(helper, producer, context, 30_000);
        try {
            for (int i = 0; i < 3_000; i++) {
                Exchange exchange = exchange(context, "m" + i);
                exchanges.add(exchange);
                producer.process(exchange, doneSync -> count(handedBack, exchange));
            }
            Exchange waiting = exchange(context, "sync");
            Future<?> synchronousSend = syncSender.submit(() -> {
                producer.process(waiting);
                return null;
            });

            producer.stop();

            await("every exchange handed back", Duration.ofSeconds(5), () -> handedBack.size() == 3_000);
            synchronousSend.get(5, TimeUnit.SECONDS);
            assertInstanceOf(RedisStreamsException.class, waiting.getException());
        } finally {
            unpause();
            syncSender.shutdownNow();
            helper.shutdownNow();
        }
        assertTrue(handedBack.values().stream().allMatch(n -> n == 1), "each exactly once");
        List<String> messages = exchanges.stream().map(e -> e.getException().getMessage()).toList();
        assertTrue(messages.stream().allMatch(m -> m.contains("nothing was written") || m.contains(MAY_HAVE_BEEN_WRITTEN)),
                messages.stream().distinct().toList().toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("stopped while the entry was on its way to Redis")),
                "the pipeline on the wire at the stop deadline is failed by the stop: " + messages.stream().distinct().toList());
    }

    @Test
    void anXaddThatTimesOutSaysTheEntryMayHaveBeenWritten() throws Exception {
        String key = uniqueKey("orders");
        ProducerTemplate template = startContext().createProducerTemplate();
        String uri = "redis-streams:" + key + "?socketTimeout=300";
        template.sendBody(uri, "first");
        redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "2000", "WRITE");
        Exchange result;
        try {
            result = template.send(uri, e -> e.getMessage().setBody("stalled"));
        } finally {
            redis.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
        }

        String message = result.getException().getMessage();
        assertTrue(message.contains(MAY_HAVE_BEEN_WRITTEN) && message.contains("Read timed out"), message);
        assertFalse(message.contains("Cannot reach Redis"), message);
    }

    @Test
    void synchronousSendsOnTheCallersThreadAndWorkerPoolRunsTheContinuations() throws Exception {
        String key = uniqueKey("orders");
        ExecutorService pool = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "my-worker"));
        try {
            CamelContext context = newContext();
            context.getRegistry().bind("myPool", pool);
            context.start();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (String options : List.of("?synchronous=true", "?workerPool=#myPool")) {
                AsyncProducer producer = context.getEndpoint("redis-streams:" + key + options).createAsyncProducer();
                producer.start();
                Exchange exchange = exchange(context, options);
                CountDownLatch back = new CountDownLatch(1);
                boolean doneSync = producer.process(exchange, sync -> {
                    threads.add(options + " " + (Thread.currentThread().getName().equals("my-worker") ? "pool" : "caller"));
                    back.countDown();
                });
                assertTrue(back.await(10, TimeUnit.SECONDS));
                assertEquals(options.equals("?synchronous=true"), doneSync, options);
                assertNotNull(exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID), options);
                producer.stop();
            }

            assertEquals(Set.of("?synchronous=true caller", "?workerPool=#myPool pool"), threads);
            assertEquals(2, redis.xlen(key));
            assertFalse(pool.isShutdown(), "a pool of the registry is the user's to shut down");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExchangeSentWhileTheProducerIsIdleGoesOutAndGoesOnInItsSendersThread() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key).createAsyncProducer();
        producer.start();
        Exchange exchange = exchange(context, "lone");
        List<String> threads = new ArrayList<>();

        boolean doneSync = producer.process(exchange, sync -> threads.add(Thread.currentThread().getName()));

        assertTrue(doneSync, "done in the sender's thread");
        assertEquals(List.of(Thread.currentThread().getName()), threads);
        assertEquals(exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID),
                redis.xrange(key, (StreamEntryID) null, null).get(0).getID().toString());
        producer.stop();
    }

    @Test
    void concurrentSendersUpToTheBoundSendInTheirOwnThreadsAndTheNextTakesThePipeline() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key).createAsyncProducer();
        producer.start();
        ExecutorService helper = Executors.newFixedThreadPool(DIRECT_SENDS);
        try {
            // all but one of the direct sends are on their way, held by Redis
            Future<?> held = holdDirectSends(DIRECT_SENDS - 1, helper, producer, context, 20_000);
            Exchange last = exchange(context, "last direct");
            Future<Boolean> lastDirect = helper.submit(() -> producer.process(last, doneSync -> { }));
            await("the last direct send held by Redis too", Duration.ofSeconds(10), () -> heldXadds() >= DIRECT_SENDS);
            Exchange next = exchange(context, "next");
            CountDownLatch nextBack = new CountDownLatch(1);
            assertFalse(producer.process(next, doneSync -> nextBack.countDown()), "beyond the bound: taken by the pipeline");
            unpause();

            assertTrue(lastDirect.get(30, TimeUnit.SECONDS), "the last one under the bound went out in its sender's thread");
            held.get(30, TimeUnit.SECONDS);
            assertTrue(nextBack.await(30, TimeUnit.SECONDS));
            assertNull(next.getException());
            assertEquals(DIRECT_SENDS + 1, redis.xlen(key));
        } finally {
            unpause();
            helper.shutdownNow();
            producer.stop();
        }
    }

    @Test
    void eachSendersEntriesStayInOrderWhetherSentInItsThreadOrInThePipeline() throws Exception {
        String key = uniqueKey("orders");
        CamelContext context = startContext();
        AsyncProducer producer = context.getEndpoint("redis-streams:" + key).createAsyncProducer();
        producer.start();
        // more senders than may send in their own threads at once: the others take the pipeline
        int senders = 2 * DIRECT_SENDS;
        int perSender = 300;
        AtomicInteger inSendersThread = new AtomicInteger();
        AtomicInteger throughPipeline = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int sender = 0; sender < senders; sender++) {
                String name = "s" + sender;
                running.add(pool.submit(() -> {
                    for (int seq = 0; seq < perSender; seq++) {
                        Exchange exchange = new DefaultExchange(context);
                        exchange.getMessage().setBody(Map.of("sender", name, "seq", String.valueOf(seq)));
                        CountDownLatch back = new CountDownLatch(1);
                        boolean doneSync = producer.process(exchange, sync -> back.countDown());
                        (doneSync ? inSendersThread : throughPipeline).incrementAndGet();
                        awaitQuietly(back);
                        assertNull(exchange.getException());
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            producer.stop();
        }

        Map<String, List<Integer>> seqsBySender = new TreeMap<>();
        for (var entry : redis.xrange(key, (StreamEntryID) null, null, senders * perSender + 1)) {
            seqsBySender.computeIfAbsent(entry.getFields().get("sender"), s -> new ArrayList<>())
                    .add(Integer.parseInt(entry.getFields().get("seq")));
        }
        List<Integer> inOrder = IntStream.range(0, perSender).boxed().toList();
        assertEquals(senders, seqsBySender.size());
        seqsBySender.forEach((sender, seqs) -> assertEquals(inOrder, seqs, "entries of " + sender + " in stream order"));
        // both ways were taken, so the order held across them
        assertTrue(inSendersThread.get() > 0 && throughPipeline.get() > 0,
                "in the sender's thread " + inSendersThread + ", through the pipeline " + throughPipeline);
    }

    @Test
    void aWorkerPoolThatRunsWhatItHasNoRoomForInTheCallerNeverRunsARouteOnThePipelineThread() throws Exception {
        String key = uniqueKey("orders");
        // one thread, no queue, CallerRuns: every hand-off while the thread is busy would run in the pipeline thread
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                runnable -> new Thread(runnable, "my-worker"), new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            CamelContext context = newContext();
            context.getRegistry().bind("callerRuns", pool);
            context.start();
            AsyncProducer producer = context.getEndpoint("redis-streams:" + key + "?workerPool=#callerRuns")
                    .createAsyncProducer();
            producer.start();
            Map<String, Integer> handedBack = new ConcurrentHashMap<>();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) {
                Exchange exchange = exchange(context, "m" + i);
                producer.process(exchange, doneSync -> {
                    threads.add(Thread.currentThread().getName());
                    count(handedBack, exchange);
                });
            }

            await("all 200 handed back", Duration.ofSeconds(30), () -> handedBack.size() == 200);
            assertTrue(handedBack.values().stream().allMatch(n -> n == 1), "each exactly once");
            assertEquals(Set.of("my-worker"), threads, "only on the pool's thread");
            assertEquals(200, redis.xlen(key));
            producer.stop();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownWorkerPoolStillHandsTheExchangeBack() throws Exception {
        String key = uniqueKey("orders");
        ExecutorService pool = Executors.newFixedThreadPool(1);
        pool.shutdown();
        CamelContext context = newContext();
        context.getRegistry().bind("closedPool", pool);
        context.start();

        Exchange result = context.createProducerTemplate().send("redis-streams:" + key + "?workerPool=#closedPool",
                e -> e.getMessage().setBody("x"));

        assertNull(result.getException());
        assertNotNull(result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID));
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

    private static final String MAY_HAVE_BEEN_WRITTEN = "may or may not have been written; a retry can duplicate it";

    /**
     * Pauses Redis' writes and has as many XADDs sent in helper threads as the producer sends in senders' threads at
     * once: until the pause ends, what is sent next takes the pipeline.
     */
    private Future<?> holdTheIdlePath(ExecutorService helper, AsyncProducer producer, CamelContext context, long pauseMillis) {
        return holdDirectSends(DIRECT_SENDS, helper, producer, context, pauseMillis);
    }

    private Future<?> holdDirectSends(int count, ExecutorService helper, AsyncProducer producer, CamelContext context,
                                      long pauseMillis) {
        redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", String.valueOf(pauseMillis), "WRITE");
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Exchange held = exchange(context, "held-" + i);
            sent.add(CompletableFuture.runAsync(() -> producer.process(held, doneSync -> { }), helper));
        }
        await("the helpers' XADDs held by Redis", Duration.ofSeconds(10), () -> heldXadds() >= count);
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /** Connections whose XADD Redis holds (CLIENT PAUSE): one per direct send, one for the pipeline. */
    private long heldXadds() {
        return new String((byte[]) redis.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8).lines()
                .filter(client -> client.contains(" flags=b ") && client.contains(" cmd=xadd ")).count();
    }

    /**
     * Sends probes until one goes out in this thread: Redis may show a pipeline's XADDs written before the pipeline
     * thread has read their replies, and only then may senders send in their own threads again.
     *
     * @return the number of probes, each one entry more in the stream
     */
    private static int untilThePipelineIsIdle(AsyncProducer producer, CamelContext context) throws InterruptedException {
        for (int probes = 1; probes <= 100; probes++) {
            if (producer.process(exchange(context, "probe"), doneSync -> { })) {
                return probes;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("The producer's pipeline never became idle");
    }

    private void unpause() {
        redis.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
    }

    private static Exchange exchange(CamelContext context, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    /** Counts a hand-back; the first one of an exchange shows in the map with its count already 1. */
    private static void count(Map<String, Integer> handedBack, Exchange exchange) {
        handedBack.merge(exchange.getExchangeId(), 1, Integer::sum);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
