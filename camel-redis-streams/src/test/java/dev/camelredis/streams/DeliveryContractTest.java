package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ExceptionHandler;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery contract of docs/delivery-semantics.md (I1 to I4, I6), one test per finding of issue 10: each counts
 * deliveries per entry ID and fails on the consumer that kept one in-flight set checked against stale reads.
 */
class DeliveryContractTest extends RedisStreamsTestSupport {

    /** I3: connection failures cause no duplicates (finding 1). */
    @Test
    void killingTheReadersConnectionRoutesNoFinishedEntryAgain() throws Exception {
        String key = uniqueKey("orders");
        int total = 6000;
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxMessagesPerPoll=100&maxInFlight=400")
                        .threads(20)
                        .process(e -> {
                            deliveries.computeIfAbsent(e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID,
                                    String.class), id -> new AtomicInteger()).incrementAndGet();
                            Thread.sleep(5);
                        });
            }
        });
        List<StreamEntryID> ids = new ArrayList<>();
        for (int i = 0; i < total; i += 500) {
            ids.addAll(addEntries(key, 500));
        }

        int kills = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (deliveries.size() < total && System.nanoTime() < deadline && kills < 300) {
            kills += killConnections("xreadgroup");
            Thread.sleep(15);
        }
        await("all processed and acked", Duration.ofSeconds(30),
                () -> deliveries.size() == total && pendingCount(key, "g") == 0);
        assertTrue(kills >= 10, "the reader's connection was killed " + kills + " times");
        List<String> twice = deliveries.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, twice.size() + " of " + total + " entries routed more than once after " + kills + " kills");
        for (StreamEntryID id : ids) {
            assertEquals(1, deliveries.get(id.toString()).get(), id.toString());
        }
    }

    /** I4: re-reads of an entry still in flight do not count, so it is not dead-lettered early (finding 2). */
    @Test
    void reconnectsWhileAnEntryIsInFlightDoNotCountAsDeliveries() throws Exception {
        String key = uniqueKey("orders");
        List<Long> counts = new CopyOnWriteArrayList<>();
        CountDownLatch reconnected = new CountDownLatch(1);
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&maxDeliveries=3&claimMinIdleTime=300&claimInterval=100")
                        .threads(2)
                        .process(e -> {
                            counts.add(e.getMessage().getHeader(RedisStreamsConstants.DELIVERY_COUNT, Long.class));
                            if (counts.size() == 1) {
                                throw new IllegalStateException("first attempt fails");
                            }
                            if (counts.size() == 2) {
                                reconnected.await(20, TimeUnit.SECONDS);
                                throw new IllegalStateException("second attempt fails after three reconnects");
                            }
                        });
            }
        });
        String id = addEntries(key, 1).get(0).toString();
        await("second attempt running", Duration.ofSeconds(10), () -> counts.size() == 2);
        for (int i = 0; i < 3; i++) {
            reconnectReader();
        }
        reconnected.countDown();

        await("third attempt succeeded", Duration.ofSeconds(15), () -> counts.size() == 3 && pendingCount(key, "g") == 0);
        assertEquals(List.of(1L, 2L, 3L), counts, "delivery count header of " + id);
        assertEquals(0, redis.exists(key + ":dlq") ? redis.xlen(key + ":dlq") : 0, "not dead-lettered");
    }

    /** I6: a dead letter that cannot be written concerns its entry only (finding 3). */
    @Test
    void aBrokenDeadLetterKeyHoldsOnlyTheDeadLetterBackAndItMovesOnceTheKeyIsFixed() throws Exception {
        String key = uniqueKey("orders");
        String deadLetters = key + ":dlq";
        redis.set(deadLetters, "not a stream");
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), true);
        StreamEntryID poison = addEntries(key, 1).get(0);
        StreamEntryID healthy = addEntries(key, 1).get(0);
        // a consumer that died: it got both once, and the poison entry a second time
        redis.xreadGroup("g", "gone", XReadGroupParams.xReadGroupParams().count(2),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        redis.xreadGroup("g", "gone", XReadGroupParams.xReadGroupParams().count(1), Map.of(key, new StreamEntryID(0, 0)));
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=survivor&maxDeliveries=2&claimMinIdleTime=200"
                     + "&claimInterval=100&reconnectMaxDelay=200")
                        .process(e -> deliveries.computeIfAbsent(
                                e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                i -> new AtomicInteger()).incrementAndGet());
            }
        });

        await("the healthy entry of the same page routed and acked", Duration.ofSeconds(10),
                () -> deliveries.containsKey(healthy.toString()) && !pendingIds(key, "g").contains(healthy.toString()));
        long before = deliveryCount(key, poison);
        Thread.sleep(1000);
        assertEquals(List.of(poison.toString()), pendingIds(key, "g"), "the poison entry stays pending");
        assertEquals(before, deliveryCount(key, poison), "failed dead-letter attempts count no delivery");
        assertEquals(2, before);

        redis.del(deadLetters);
        await("dead-lettered once the key is fixed", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
        List<StreamEntry> dead = redis.xrange(deadLetters, (StreamEntryID) null, null);
        assertEquals(1, dead.size());
        assertEquals(poison.toString(), dead.get(0).getFields().get("dlq-source-id"));
        assertEquals("2", dead.get(0).getFields().get("dlq-deliveries"));
        assertEquals(Map.of(healthy.toString(), 1), counts(deliveries));
    }

    /** I2: an exchange that never completes frees its slot and its entry after maxRenewalTime (finding 6). */
    @Test
    void anExchangeThatNeverCompletesIsGivenUpAfterMaxRenewalTime() throws Exception {
        String key = uniqueKey("orders");
        Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();
        AtomicBoolean hungOnce = new AtomicBoolean();
        AsyncProcessor hangFirst = new AsyncProcessor() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (hungOnce.compareAndSet(false, true)) {
                    return false; // never calls back, like an async component that lost the exchange
                }
                completed.computeIfAbsent(exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                        i -> new AtomicInteger()).incrementAndGet();
                callback.done(true);
                return true;
            }

            @Override
            public java.util.concurrent.CompletableFuture<Exchange> processAsync(Exchange exchange) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void process(Exchange exchange) {
                throw new UnsupportedOperationException();
            }
        };
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&consumerName=stuck&maxInFlight=1&maxRenewalTime=1500"
                     + "&claimMinIdleTime=500&claimInterval=100").routeId("stuck")
                        .process(hangFirst);
            }
        });
        StreamEntryID first = addEntries(key, 1).get(0);
        await("first entry routed", Duration.ofSeconds(10), hungOnce::get);
        StreamEntryID second = addEntries(key, 1).get(0);

        await("the reader reads again and the given-up entry is reclaimed", Duration.ofSeconds(15),
                () -> completed.containsKey(first.toString()) && completed.containsKey(second.toString())
                      && pendingCount(key, "g") == 0);
        assertEquals(Map.of(first.toString(), 1, second.toString(), 1), counts(completed));
        RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("stuck").getConsumer();
        assertEquals(1, consumer.getCounters().getGivenUp());
        HealthCheck.Result health = HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:stuck")).findFirst().orElseThrow();
        assertEquals(1L, health.getDetails().get("redis.streams.given.up"));
        // the hung exchange never completes: the stop need not wait the test contexts' 10 s for it
        context.getShutdownStrategy().setTimeout(1);
    }

    /** I1: an entry deleted while its exchange runs is acknowledged only once the exchange completed. */
    @Test
    void anEntryDeletedWhileInFlightIsAcknowledgedOnlyAfterItsExchange() throws Exception {
        String key = uniqueKey("orders");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger routed = new AtomicInteger();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                // asynchronous, so that the reader reads on while the exchange runs
                from("redis-streams:" + key + "?group=g&startId=0").threads(2).process(e -> {
                    routed.incrementAndGet();
                    release.await(20, TimeUnit.SECONDS);
                });
            }
        });
        StreamEntryID id = addEntries(key, 1).get(0);
        await("routed", Duration.ofSeconds(10), () -> routed.get() == 1);
        redis.xdel(key, id);
        reconnectReader(); // the walk of the own pending entries meets the deleted entry
        reconnectReader();
        assertEquals(List.of(id.toString()), pendingIds(key, "g"), "acknowledged while its exchange still runs");
        release.countDown();
        await("acknowledged after the exchange", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
        assertEquals(1, routed.get());
    }

    /** I6: reclaimed entries are routed by the readers' threads, and a slow one holds up no other shard. */
    @Test
    void aSlowReclaimedExchangeDoesNotStopReclaimingOnOtherShards() throws Exception {
        String key = uniqueKey("orders");
        String uri = "redis-streams:" + key + "?group=g&shards=2&startId=0&claimMinIdleTime=300&claimInterval=100";
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        List<String> retryThreads = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        // one entry per shard, each failing its first attempt; the retry of the first to come back hangs
        AtomicReference<String> hanging = new AtomicReference<>();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    String id = e.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY, String.class) + "/"
                                + e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                    if (attempts.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    retryThreads.add(Thread.currentThread().getName());
                    if (hanging.compareAndSet(null, id)) {
                        release.await(20, TimeUnit.SECONDS);
                    }
                });
            }
        });
        CamelContext producer = startContext();
        for (int i = 0; i < 20; i++) {
            producer.createProducerTemplate().sendBodyAndHeader(uri, "entry-" + i, RedisStreamsConstants.PARTITION_KEY, "k" + i);
        }
        try {
            await("the other shard's entries retried though one retry hangs", Duration.ofSeconds(15),
                    () -> attempts.keySet().stream().anyMatch(id -> !sameShard(id, hanging.get()) && attempts.get(id).get() == 2));
        } finally {
            release.countDown();
        }
        for (String thread : retryThreads) {
            assertTrue(thread.contains("RedisStreamsReader"), "retried on " + thread);
        }
    }

    /**
     * I3: a renewal that Redis refuses is tried again soon. Waiting for the next regular run (every claimMinIdleTime
     * / 2) would let the entry look idle for claimMinIdleTime to other consumers' reclaimers while its exchange runs.
     */
    @Test
    void aFailedRenewalIsTriedAgainBeforeTheNextPeriod() throws Exception {
        String key = uniqueKey("orders");
        String user = "norenew-" + Math.abs(key.hashCode());
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", user, "on", ">renew-pw", "~*", "&*", "+@all", "-xclaim");
        try {
            RecordingExceptionHandler failures = new RecordingExceptionHandler();
            CountDownLatch release = new CountDownLatch(1);
            CamelContext context = newContext();
            context.getRegistry().bind("failures", failures);
            // renewals every 4 s; the reclaimer could take the entry after 8 s idle
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + "?group=g&startId=0&claimMinIdleTime=8000&reconnectMaxDelay=200"
                         + "&exceptionHandler=#failures&username=" + user + "&password=RAW(renew-pw)")
                            .process(e -> release.await(30, TimeUnit.SECONDS));
                }
            });
            addEntries(key, 1);
            context.start();
            await("the entry is in flight", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 1);

            await("the first renewal, 4 s after the start, is refused", Duration.ofSeconds(10),
                    () -> failures.reported.stream().anyMatch(e -> String.valueOf(e.getMessage()).contains("xclaim")));
            assertTrue(oldestIdleMillis(key) >= 3000, "not renewed while refused: idle " + oldestIdleMillis(key) + " ms");
            redis.sendCommand(Protocol.Command.ACL, "SETUSER", user, "+xclaim");
            long allowedAt = System.currentTimeMillis();

            // the next regular run would come about 4 s after the refused one
            await("renewed within 2 s of being allowed", Duration.ofSeconds(2), () -> oldestIdleMillis(key) < 1000);
            assertTrue(System.currentTimeMillis() - allowedAt < 2000);
            release.countDown();
            await("acknowledged", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
        } finally {
            redis.sendCommand(Protocol.Command.ACL, "DELUSER", user);
        }
    }

    private long oldestIdleMillis(String key) {
        return redis.xpending(key, "g", XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                .end(StreamEntryID.MAXIMUM_ID).count(10)).stream().mapToLong(StreamPendingEntry::getIdleTime).max().orElse(-1);
    }

    /** I6, ackMode=MANUAL: a completed entry waiting for its ack() stays in flight: renewed, not claimed by others. */
    @Test
    void withManualAcksACompletedEntryWaitingForItsAckIsRenewed() throws Exception {
        String key = uniqueKey("orders");
        AtomicReference<RedisStreamsAcknowledgement> handle = new AtomicReference<>();
        Map<String, AtomicInteger> thief = new ConcurrentHashMap<>();
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&consumerName=owner&ackMode=MANUAL&claimMinIdleTime=400")
                        .routeId("owner")
                        .process(e -> handle.set(e.getMessage().getHeader(RedisStreamsConstants.ACKNOWLEDGEMENT,
                                RedisStreamsAcknowledgement.class)));
                // started once the owner has the entry: only a claim could give it to the thief
                from("redis-streams:" + key + "?group=g&consumerName=thief&claimMinIdleTime=400&claimInterval=100")
                        .routeId("thief").autoStartup(false)
                        .process(e -> thief.computeIfAbsent(e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID,
                                String.class), i -> new AtomicInteger()).incrementAndGet());
            }
        });
        addEntries(key, 1);
        await("routed by the owner", Duration.ofSeconds(10), () -> handle.get() != null);
        context.getRouteController().startRoute("thief");
        Thread.sleep(1500);
        assertEquals(Map.of(), counts(thief), "claimed by another consumer while waiting for ack()");
        assertEquals(1, ((RedisStreamsConsumer) context.getRoute("owner").getConsumer()).getInFlight());
        handle.get().ack();
        await("acknowledged", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
    }

    /** I1, ackMode=MANUAL: an ack() followed by a failure of the exchange sends no XACK. */
    @Test
    void withManualAcksAnAckOfAnExchangeThatThenFailsIsNotSent() throws Exception {
        String key = uniqueKey("orders");
        AtomicInteger attempts = new AtomicInteger();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&ackMode=MANUAL&claimMinIdleTime=0").process(e -> {
                    attempts.incrementAndGet();
                    e.getMessage().getHeader(RedisStreamsConstants.ACKNOWLEDGEMENT, RedisStreamsAcknowledgement.class).ack();
                    throw new IllegalStateException("fails after ack()");
                });
            }
        });
        StreamEntryID id = addEntries(key, 1).get(0);
        await("routed", Duration.ofSeconds(10), () -> attempts.get() == 1);
        Thread.sleep(500); // an XACK sent at once would land well within this
        assertEquals(List.of(id.toString()), pendingIds(key, "g"), "acknowledged although its exchange failed");
    }

    /** I6: a loop that dies of an Error is reported DOWN and restarted. */
    @Test
    void aReaderHitByAnErrorIsRestarted() throws Exception {
        String key = uniqueKey("orders");
        redis.set(key, "not a stream");
        AtomicInteger thrown = new AtomicInteger();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        CamelContext context = newContext();
        context.getRegistry().bind("failing", new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                thrown.incrementAndGet();
                throw new AssertionError("an Error from the exception handler");
            }

            @Override
            public void handleException(String message, Throwable exception) {
                handleException(exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                handleException(exception);
            }
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&exceptionHandler=#failing&reconnectMaxDelay=200")
                        .routeId("hit")
                        .process(e -> deliveries.computeIfAbsent(e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID,
                                String.class), i -> new AtomicInteger()).incrementAndGet());
            }
        });
        context.start();
        await("the Error was thrown", Duration.ofSeconds(10), () -> thrown.get() > 0);
        await("DOWN", Duration.ofSeconds(10), () -> health(context, "hit") == HealthCheck.State.DOWN);
        redis.del(key);
        StreamEntryID id = addEntries(key, 1).get(0);
        await("the restarted reader consumes", Duration.ofSeconds(10), () -> deliveries.containsKey(id.toString()));
        await("UP", Duration.ofSeconds(10), () -> health(context, "hit") == HealthCheck.State.UP);
        assertEquals(Map.of(id.toString(), 1), counts(deliveries));
    }

    private static boolean sameShard(String id, String other) {
        return other != null && id.substring(0, id.lastIndexOf('/')).equals(other.substring(0, other.lastIndexOf('/')));
    }

    /** As Camel Main does with camel.health.consumersEnabled: the consumers' checks are part of the registry. */
    @Override
    protected CamelContext newContext() {
        CamelContext context = super.newContext();
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(registry.resolveById("consumers"));
        return context;
    }

    private static HealthCheck.State health(CamelContext context, String routeId) {
        return HealthCheckHelper.invoke(context).stream().filter(r -> r.getCheck().getId().equals("consumer:" + routeId))
                .map(HealthCheck.Result::getState).findFirst().orElse(null);
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> deliveries) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        deliveries.forEach((id, n) -> counts.put(id, n.get()));
        return counts;
    }

    private long deliveryCount(String key, StreamEntryID id) {
        List<StreamPendingEntry> pending = redis.xpending(key, "g", XPendingParams.xPendingParams(id, id, 1));
        return pending.isEmpty() ? 0 : pending.get(0).getDeliveredTimes();
    }

    /** Kills the connections whose last command was {@code command}; returns how many. */
    private int killConnections(String command) {
        int killed = 0;
        for (String line : clientList()) {
            if (line.contains(" cmd=" + command + " ")) {
                killed += killClient(line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))));
            }
        }
        return killed;
    }

    /** Kills the reader's blocked read and waits until a new connection reads again. */
    private void reconnectReader() {
        await("a blocked read", Duration.ofSeconds(10), () -> readerConnection() != null);
        String killed = readerConnection();
        killClient(killed);
        await("a new reader connection", Duration.ofSeconds(10), () -> {
            String now = readerConnection();
            return now != null && !now.equals(killed);
        });
    }

    private String readerConnection() {
        for (String line : clientList()) {
            if (line.contains(" cmd=xreadgroup ") && line.contains("flags=b")) {
                return line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
            }
        }
        return null;
    }

    private List<String> clientList() {
        Object reply = redis.sendCommand(Protocol.Command.CLIENT, "LIST");
        return List.of(new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8).split("\n"));
    }

    private int killClient(String id) {
        try {
            return ((Long) redis.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", id)).intValue();
        } catch (redis.clients.jedis.exceptions.JedisDataException gone) {
            return 0;
        }
    }
}
