package dev.camelredis.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import dev.camelredis.testservice.LocalRedisCluster;
import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.LocalRedisServer;
import dev.camelredis.testservice.RedisClusterExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import static dev.camelredis.streams.RedisStreamsTestSupport.assertCredentialsError;
import static dev.camelredis.streams.RedisStreamsTestSupport.await;
import static dev.camelredis.streams.RedisStreamsTestSupport.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component on a Redis Cluster of three primaries with a replica each (local redis-server processes): a stream
 * sharded over eight keys spread over the primaries, produced to and consumed through clusterNodes; a primary killed
 * while a producer and consumers run; and ACL credentials.
 *
 * <p>One cluster for the class: the failover test runs last, since it changes the roles of the nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String USER = "app";
    private static final String PASSWORD = "cl-Pw-4d2a9e";
    private static final String WRONG_PASSWORD = "cl-wrong-Pw-8b31";
    static final int SHARDS = 8;

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(
            LocalRedisOptions.defaults().user(USER, PASSWORD, "~*", "&*", "+@all"));

    private final TestContexts contexts = new TestContexts();
    private RedisClusterClient redis;

    @BeforeEach
    void openClient() {
        redis = cluster().newClient();
    }

    @AfterEach
    void stopContexts() {
        contexts.stopAll();
        redis.close();
    }

    private static LocalRedisCluster cluster() {
        return CLUSTER.cluster();
    }

    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aclUserProducesAndConsumesAndAWrongPasswordFailsWithTheCredentialsError() throws Exception {
        String key = uniqueKey("cl-acl");
        String credentials = "&username=" + USER + "&password=RAW(" + PASSWORD + ")";
        DeliveryCounts received = new DeliveryCounts();
        CamelContext context = contexts.start(null, new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&shards=4&blockTimeout=500&clusterNodes="
                     + cluster().clusterNodes() + credentials)
                        .process(e -> received.record(ConsumerProcess.entryOf(e.getMessage())));
            }
        });
        ProducerTemplate producer = context.createProducerTemplate();
        for (int i = 0; i < 20; i++) {
            producer.sendBodyAndHeader("redis-streams:" + key + "?shards=4&clusterNodes=" + cluster().clusterNodes() + credentials,
                    "hello-" + i, RedisStreamsConstants.PARTITION_KEY, "k" + i);
        }
        await("consumed as " + USER, Duration.ofSeconds(20), () -> received.distinct() == 20);
        assertEquals(Map.of(), received.duplicated(), "no entry processed twice");

        String wrong = "&username=" + USER + "&password=RAW(" + WRONG_PASSWORD + ")";
        CamelContext other = contexts.start(null);
        Exception producerError = assertThrows(Exception.class, () -> other.createProducerTemplate().sendBody(
                "redis-streams:" + key + "?shards=4&clusterNodes=" + cluster().clusterNodes() + wrong, "x"));
        String producerMessage = describeChain(producerError);

        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext consumerContext = contexts.create(handler);
        consumerContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=wrong&shards=4&exceptionHandler=#rec&clusterNodes="
                     + cluster().clusterNodes() + wrong).to("log:never");
            }
        });
        String consumerMessage;
        try {
            consumerContext.start();
            await("the consumer reports the refused credentials", Duration.ofSeconds(10), () -> !handler.reported.isEmpty());
            consumerMessage = describeChain(handler.reported.get(0));
        } catch (Exception e) {
            consumerMessage = describeChain(e);
        }
        System.out.printf("cluster ACL: %d entries produced and consumed as %s; wrong password, producer: %s%n"
                          + "cluster ACL: wrong password, consumer: %s%n",
                received.distinct(), USER, producerMessage, consumerMessage);
        assertCredentialsError(producerMessage, key, WRONG_PASSWORD, PASSWORD);
        assertCredentialsError(consumerMessage, key, WRONG_PASSWORD, PASSWORD);
        assertEquals(0, redis.xinfoGroups(key + ":{0}").stream().filter(g -> g.getName().equals("wrong")).count(),
                "the consumer with the wrong password created nothing");
    }

    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClusterClientFromTheRegistryServesConsumerAndProducerAndIsNeverClosed() throws Exception {
        String key = uniqueKey("cl-own");
        String options = "?shards=" + SHARDS + "&redisClient=#myCluster";
        DeliveryCounts received = new DeliveryCounts();
        try (RedisClusterClient own = cluster().newClient()) {
            CamelContext context = contexts.create(null);
            context.getRegistry().bind("myCluster", own);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + options + "&group=g&startId=0&blockTimeout=500")
                            .process(e -> received.record(ConsumerProcess.entryOf(e.getMessage())));
                }
            });
            context.start();
            ProducerTemplate producer = context.createProducerTemplate();
            for (int i = 0; i < 80; i++) {
                producer.sendBodyAndHeader("redis-streams:" + key + options, "own-" + i,
                        RedisStreamsConstants.PARTITION_KEY, "k" + i);
            }

            await("consumed through the registry's client", Duration.ofSeconds(20), () -> received.distinct() == 80);
            assertEquals(Map.of(), received.duplicated(), "no entry processed twice");
            await("and acked on every shard", Duration.ofSeconds(10),
                    () -> FailoverTraffic.totalPending(redis, shardKeys(key), "g") == 0);
            assertSame(own, context.getEndpoint("redis-streams:" + key + options, RedisStreamsEndpoint.class).client());
            assertTrue(shardKeys(key).stream().allMatch(shard -> redis.xlen(shard) > 0),
                    "80 partition keys reach all " + SHARDS + " shards");
            context.stop();
            assertEquals(80, shardKeys(key).stream().mapToLong(own::xlen).sum(),
                    "the user's client still works after the context stopped");
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void consumerAndProducerStartWhileTheClusterIsDownAndWorkOnceItIsBack() throws Exception {
        String key = uniqueKey("cl-down");
        String options = "clusterNodes=" + cluster().clusterNodes() + "&username=" + USER + "&password=RAW(" + PASSWORD + ")";
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext context;
        ProducerTemplate producer;
        cluster().stopAll();
        try {
            context = contexts.create(handler);
            HealthChecks.enableConsumerChecks(context);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=500&reconnectDelay=100"
                         + "&reconnectMaxDelay=500&exceptionHandler=#rec&" + options).routeId("down-at-start")
                            .process(e -> deliveries.computeIfAbsent(
                                    e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class),
                                    id -> new AtomicInteger()).incrementAndGet());
                }
            });
            context.start();
            producer = context.createProducerTemplate();
            assertEquals("DOWN", HealthChecks.consumerState(context, "down-at-start"), "DOWN until connected");
            await("the consumer reports that it cannot reach the cluster", Duration.ofSeconds(20),
                    () -> !handler.reported.isEmpty());
            assertTrue(describeChain(handler.reported.get(0)).contains("Cannot reach Redis for redis-streams:" + key),
                    describeChain(handler.reported.get(0)));
            Exception sendError = assertThrows(Exception.class,
                    () -> producer.sendBody("redis-streams:" + key + "?" + options, "while down"));
            assertTrue(describeChain(sendError).contains("redis-streams:" + key), describeChain(sendError));
            assertEquals("DOWN", HealthChecks.consumerState(context, "down-at-start"));
        } finally {
            cluster().startAll();
        }
        cluster().awaitHealthy(Duration.ofSeconds(60));

        for (int i = 0; i < 20; i++) {
            sendUntilTheClusterTakesIt(producer, "redis-streams:" + key + "?" + options, "after-" + i);
        }
        await("every entry consumed", Duration.ofSeconds(30), () -> deliveries.size() == 20);
        await("UP once connected", Duration.ofSeconds(20),
                () -> "UP".equals(HealthChecks.consumerState(context, "down-at-start")));
        await("and acked", Duration.ofSeconds(10), () -> redis.xpending(key, "g").getTotal() == 0);
        assertEquals(20, redis.xlen(key), "no entry written twice, none lost");
        assertTrue(deliveries.values().stream().allMatch(count -> count.get() == 1), "each entry delivered once: " + deliveries);
    }

    /** Right after the restart a node may still answer CLUSTERDOWN for a moment: a send is retried until one works. */
    private static void sendUntilTheClusterTakesIt(ProducerTemplate producer, String uri, String body) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                producer.sendBody(uri, body);
                return;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDeadLetterStreamInAnotherSlotIsRefusedAtStartAlsoWithAClusterClientFromTheRegistry() throws Exception {
        String key = uniqueKey("cl-dlq");
        try (RedisClusterClient own = cluster().newClient()) {
            CamelContext context = contexts.create(null);
            context.getRegistry().bind("myCluster", own);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + "?group=g&maxDeliveries=3&deadLetterStream=" + key + ":dead"
                         + "&redisClient=#myCluster").to("log:never");
                }
            });
            Exception e = assertThrows(Exception.class, context::start);
            String message = describeChain(e);
            assertTrue(message.contains("Option deadLetterStream: the dead-letter stream '" + key + ":dead' of stream '"
                                        + key + "' hashes to cluster slot "), message);
            assertTrue(message.contains("Give it the stream's hash tag, for example deadLetterStream={" + key + "}:dlq"),
                    message);
        }
    }

    @Test
    @Order(2)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoContextsProcessEachEntryOnceOverEightShardsAndDeadLettersStayOnTheirShard() throws Exception {
        String key = uniqueKey("cl-once");
        int customers = 100;
        int perCustomer = 200;
        int total = customers * perCustomer;
        Path log = Path.of("target/test.log");
        long logOffset = Files.exists(log) ? Files.size(log) : 0;

        Map<String, AtomicInteger> processings = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byContext = new ConcurrentHashMap<>();
        List<RecordingExceptionHandler> handlers = new ArrayList<>();
        String consumerOptions = "?group=g&startId=0&shards=" + SHARDS + "&maxMessagesPerPoll=50&blockTimeout=500"
                                 + "&maxDeliveries=1&claimMinIdleTime=2000&claimInterval=250&exceptionHandler=#rec"
                                 + "&clusterNodes=" + cluster().clusterNodes();
        for (String name : List.of("ctx-a", "ctx-b")) {
            RecordingExceptionHandler handler = new RecordingExceptionHandler();
            handlers.add(handler);
            contexts.start(handler, new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + consumerOptions + "&consumerName=" + name).process(e -> {
                        Map<?, ?> body = e.getMessage().getBody(Map.class);
                        if ("poison".equals(body.get("customer"))) {
                            throw new IllegalStateException("poison");
                        }
                        processings.computeIfAbsent(body.get("customer") + "/" + body.get("seq"), k -> new AtomicInteger())
                                .incrementAndGet();
                        byContext.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    });
                }
            });
        }

        String producerUri = "redis-streams:" + key + "?shards=" + SHARDS + "&clusterNodes=" + cluster().clusterNodes();
        ProducerTemplate producer = contexts.start(null).createProducerTemplate();
        long produceStart = System.nanoTime();
        List<Exception> producerErrors = produceInOrder(producer, producerUri, customers, perCustomer);
        long produceMillis = (System.nanoTime() - produceStart) / 1_000_000;
        producer.sendBodyAndHeader(producerUri, Map.of("customer", "poison", "seq", "0"), RedisStreamsConstants.PARTITION_KEY,
                "poison");

        String poisonShard = key + ":{" + shardOf("poison") + "}";
        String deadLetters = poisonShard + ":dlq";
        long consumeStart = System.nanoTime();
        await("all processed, acked on every shard, the poison entry dead-lettered", Duration.ofSeconds(60),
                () -> processings.size() == total && redis.exists(deadLetters) && totalPending(key, "g") == 0);
        long consumeMillis = (System.nanoTime() - consumeStart) / 1_000_000;

        long processingCount = processings.values().stream().mapToLong(AtomicInteger::get).sum();
        Map<String, Long> lengths = new TreeMap<>();
        for (String shard : shardKeys(key)) {
            lengths.put(shard.substring(key.length()), redis.xlen(shard));
        }
        Set<String> primaries = shardKeys(key).stream().map(s -> String.valueOf(cluster().primaryFor(s).port()))
                .collect(Collectors.toSet());
        List<Throwable> consumerErrors = handlers.stream().flatMap(h -> h.reported.stream()).toList();
        List<StreamEntry> dead = redis.xrange(deadLetters, "-", "+");
        String logTail = readFrom(log, logOffset);
        System.out.printf("cluster: %d entries from %d customers produced in %d ms over %d shards on %d primaries %s,"
                          + " %d producer errors; consumed in %d ms more: %d processings of %d distinct, per context %s;"
                          + " dead letters in %s: %d; consumer errors reported: %d (%s)%n",
                total, customers, produceMillis, SHARDS, primaries.size(), lengths, producerErrors.size(), consumeMillis,
                processingCount, processings.size(), byContext, deadLetters, dead.size(), consumerErrors.size(),
                consumerErrors.stream().map(Throwable::toString).distinct().toList());

        assertEquals(List.of(), producerErrors.stream().map(ClusterIT::describeChain).toList(), "every XADD succeeded");
        assertEquals(total, processings.size(), "every entry processed");
        processings.forEach((entry, count) -> assertEquals(1, count.get(), "processed exactly once: " + entry));
        assertEquals(2, byContext.size(), "both contexts took part: " + byContext);
        assertEquals(3, primaries.size(), "the shards are spread over the three primaries");
        assertEquals(total + 1, lengths.values().stream().mapToLong(Long::longValue).sum(), "every entry in a shard: " + lengths);
        for (String shard : shardKeys(key)) {
            assertEquals(0, redis.xpending(shard, "g").getTotal(), "nothing pending on " + shard);
        }
        assertEquals(1, dead.size(), "one dead letter");
        assertEquals("poison", dead.get(0).getFields().get("customer"));
        assertEquals(poisonShard, dead.get(0).getFields().get("dlq-source-stream"));
        for (Throwable error : consumerErrors) {
            assertTrue(error instanceof IllegalStateException && "poison".equals(error.getMessage()),
                    "the only consumer error is the poison entry's failure: " + describeChain(error));
        }
        assertFalse(logTail.contains("CROSSSLOT"), "no CROSSSLOT in the log");
        // every entry of one customer went to the shard its partition key hashes to
        for (String shard : shardKeys(key)) {
            for (StreamEntry entry : redis.xrange(shard, "-", "+")) {
                String customer = entry.getFields().get("customer");
                assertEquals(key + ":{" + shardOf("poison".equals(customer) ? "poison" : customer) + "}", shard,
                        "shard of " + customer);
            }
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoContextsWithShardOwnershipReadEachPartitionKeyInOrder() throws Exception {
        String key = uniqueKey("cl-order");
        int customers = 100;
        int perCustomer = 50;
        Map<String, List<Integer>> seqsByCustomer = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byContext = new ConcurrentHashMap<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        for (String name : List.of("ctx-a", "ctx-b")) {
            contexts.start(handler, new RouteBuilder() {
                @Override
                public void configure() {
                    // shard ownership: each shard is read by one of the two at a time, with a synchronous route
                    from("redis-streams:" + key + "?group=ordered&startId=0&shards=" + SHARDS + "&consumerName=" + name
                         + "&shardOwnership=true&shardLeaseTime=3000&maxMessagesPerPoll=50&blockTimeout=500"
                         + "&exceptionHandler=#rec&clusterNodes=" + cluster().clusterNodes())
                            .process(e -> {
                                Map<?, ?> body = e.getMessage().getBody(Map.class);
                                seqsByCustomer.computeIfAbsent((String) body.get("customer"), c -> new CopyOnWriteArrayList<>())
                                        .add(Integer.parseInt((String) body.get("seq")));
                                byContext.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                            });
                }
            });
        }
        ProducerTemplate producer = contexts.start(null).createProducerTemplate();
        long start = System.nanoTime();
        List<Exception> producerErrors = produceInOrder(producer,
                "redis-streams:" + key + "?shards=" + SHARDS + "&clusterNodes=" + cluster().clusterNodes(), customers,
                perCustomer);
        long produceMillis = (System.nanoTime() - start) / 1_000_000;
        await("every entry processed", Duration.ofSeconds(45),
                () -> seqsByCustomer.values().stream().mapToInt(List::size).sum() >= customers * perCustomer
                      && totalPending(key, "ordered") == 0);

        List<Integer> expected = new ArrayList<>();
        for (int seq = 0; seq < perCustomer; seq++) {
            expected.add(seq);
        }
        long inOrder = seqsByCustomer.values().stream().filter(expected::equals).count();
        System.out.printf("cluster order: %d customers x %d entries over %d shards produced in %d ms (consumed while"
                          + " produced, all done after %d ms), %d producer errors, %d customers read in order,"
                          + " consumer errors %d%n",
                customers, perCustomer, SHARDS, produceMillis, (System.nanoTime() - start) / 1_000_000,
                producerErrors.size(), inOrder, handler.reported.size());
        System.out.printf("cluster order: entries per context %s%n", byContext);
        assertEquals(List.of(), producerErrors.stream().map(ClusterIT::describeChain).toList());
        assertEquals(customers, seqsByCustomer.size());
        seqsByCustomer.forEach((customer, seqs) -> assertEquals(expected, seqs, "the order of " + customer));
        assertEquals(2, byContext.size(), "both contexts own shards: " + byContext);
        assertEquals(List.of(), handler.reported.stream().map(ClusterIT::describeChain).toList());
    }

    @Test
    @Order(4)
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void producerAndConsumersCarryOnAcrossAPrimaryFailover() throws Exception {
        String key = uniqueKey("cl-failover");
        LocalRedisServer victim = cluster().primaryFor(key + ":{0}");
        List<String> affected = shardKeys(key).stream().filter(shard -> cluster().primaryFor(shard) == victim).toList();

        String clusterNodes = cluster().clusterNodes();
        String consumerOptions = "?group=g&startId=0&shards=" + SHARDS + "&maxMessagesPerPoll=50&blockTimeout=500"
                                 + "&reconnectDelay=100&reconnectMaxDelay=500&claimMinIdleTime=3000&claimInterval=500"
                                 + "&clusterNodes=" + clusterNodes;
        FailoverTraffic traffic = new FailoverTraffic(contexts.start(null).createProducerTemplate(),
                "redis-streams:" + key + "?shards=" + SHARDS + "&clusterNodes=" + clusterNodes, key, SHARDS, 100);
        List<RecordingExceptionHandler> handlers = new ArrayList<>();
        for (String name : List.of("ctx-a", "ctx-b")) {
            RecordingExceptionHandler handler = new RecordingExceptionHandler();
            handlers.add(handler);
            contexts.start(handler, new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-streams:" + key + consumerOptions + "&exceptionHandler=#rec&consumerName=" + name)
                            .process(e -> traffic.processed(e.getMessage()));
                }
            });
        }

        long killedAt;
        long recoveredAt;
        long stoppedAt;
        LocalRedisServer promoted;
        List<Long> directAdds = new ArrayList<>();
        traffic.start(4, 2);
        try {
            await("a steady flow before the kill", Duration.ofSeconds(20), () -> traffic.processings.size() >= 3000);
            killedAt = System.currentTimeMillis();
            victim.kill();
            cluster().awaitHealthy(Duration.ofSeconds(30));
            recoveredAt = System.currentTimeMillis();
            promoted = cluster().primaryFor(key + ":{0}");
            // entries added past the component's producer: the consumers of the promoted shards must get them
            for (String shard : affected) {
                for (int i = 0; i < DIRECT_ADDS; i++) {
                    String n = String.valueOf(DIRECT_BASE + directAdds.size());
                    await("an XADD to " + shard + " after the failover", Duration.ofSeconds(10), () -> {
                        try {
                            redis.xadd(shard, StreamEntryID.NEW_ENTRY, Map.of("n", n, "customer", "direct"));
                            return true;
                        } catch (RuntimeException e) {
                            return false;
                        }
                    });
                    directAdds.add(Long.parseLong(n));
                }
            }
            produceUntilSettled(traffic, recoveredAt, affected);
        } finally {
            traffic.stop();
        }
        stoppedAt = System.currentTimeMillis();

        FailoverTraffic.Drained drained = traffic.awaitDrained(redis);
        Map<Long, String> present = drained.present();
        long drainMillis = drained.millis();

        System.out.printf("cluster failover: %d entries added by the test's own client to the promoted shards %s after"
                          + " the failover, %d of them processed%n",
                directAdds.size(), shortNames(key, affected),
                directAdds.stream().filter(traffic.processedNumbers()::contains).count());
        report("cluster", traffic, present, killedAt, recoveredAt, stoppedAt, drainMillis,
                "killed primary " + victim.port() + " (shards " + shortNames(key, affected) + "), promoted " + promoted.port(),
                handlers, affected);
        Set<Long> presentNumbers = present.keySet();
        Set<Long> missing = new HashSet<>(presentNumbers);
        missing.removeAll(traffic.processedNumbers());
        assertEquals(Set.of(), limit(missing), "every entry in the streams at the end is processed");
        for (String shard : shardKeys(key)) {
            assertEquals(0, redis.xpending(shard, "g").getTotal(), "nothing pending on " + shard);
        }
        assertEquals(0, traffic.unreadable.get(), "every processed entry had its number");
        assertTrue(promoted != victim && promoted.isRunning(), "the replica took over");
        assertTrue(traffic.processedNumbers().containsAll(directAdds),
                "the consumers of the promoted primary's shards process what is added there after the failover");
        checkSends(traffic, present, recoveredAt, stoppedAt, affected);
        traffic.assertDuplicatesOnlyFromTheFailover(affected, recoveredAt);
    }

    /**
     * Keeps the traffic going until the producer has added entries to the shards of the killed primary for a while
     * and no send failed for the last QUIET_MILLIS, or at most 15 s after the failover completed.
     */
    static void produceUntilSettled(FailoverTraffic traffic, long recoveredAt, List<String> affected)
            throws InterruptedException {
        awaitQuietly(Duration.ofSeconds(15), () -> {
            long now = System.currentTimeMillis();
            long ackedOnAffected = traffic.sends.values().stream()
                    .filter(s -> s.startedAt() > recoveredAt && s.acknowledged() && affected.contains(s.shardKey())).count();
            boolean quiet = traffic.sends.values().stream().noneMatch(s -> s.error() != null && s.endedAt() > now - QUIET_MILLIS);
            return now > recoveredAt + QUIET_MILLIS && ackedOnAffected >= 300 && quiet;
        });
    }

    private static final int DIRECT_ADDS = 50;
    private static final long DIRECT_BASE = 1_000_000_000L;

    /** How long the producer must go without a failed send at the end of a failover test. */
    static final long QUIET_MILLIS = 2000;

    /**
     * The checks the two failover tests share: no exchange failed silently, and the adds acknowledged after the
     * failover are all in the streams and processed; the producer got going again by itself.
     */
    static void checkSends(FailoverTraffic traffic, Map<Long, String> present, long recoveredAt, long stoppedAt,
                           List<String> affected) {
        List<FailoverTraffic.Send> silent = traffic.sends.values().stream()
                .filter(s -> s.error() == null && s.id() == null).toList();
        assertEquals(List.of(), silent, "no exchange ends without an entry ID or an exception");
        Set<Long> ackedAfter = traffic.sends.values().stream()
                .filter(s -> s.startedAt() >= recoveredAt && s.acknowledged())
                .map(FailoverTraffic.Send::n).collect(Collectors.toSet());
        assertTrue(ackedAfter.size() > 100, "the producer adds again after the failover: " + ackedAfter.size());
        Set<Long> lostAfter = new HashSet<>(ackedAfter);
        lostAfter.removeAll(present.keySet());
        assertEquals(Set.of(), limit(lostAfter), "every add acknowledged after the failover is in the stream");
        Set<Long> unprocessedAfter = new HashSet<>(ackedAfter);
        unprocessedAfter.removeAll(traffic.processedNumbers());
        assertEquals(Set.of(), limit(unprocessedAfter), "every add acknowledged after the failover is processed");
        long ackedAfterOnAffected = traffic.sends.values().stream()
                .filter(s -> s.startedAt() >= recoveredAt && s.acknowledged() && affected.contains(s.shardKey())).count();
        long sentAfterOnAffected = traffic.sends.values().stream()
                .filter(s -> s.startedAt() >= recoveredAt && affected.contains(s.shardKey())).count();
        assertTrue(ackedAfterOnAffected > 0, "the producer adds again to the shards of the killed primary after the"
                                             + " failover: " + ackedAfterOnAffected + " of " + sentAfterOnAffected
                                             + " sends there acknowledged in " + (stoppedAt - recoveredAt) + " ms");
        List<FailoverTraffic.Send> lateFailures = traffic.sends.values().stream()
                .filter(s -> s.error() != null && s.endedAt() >= stoppedAt - QUIET_MILLIS).toList();
        assertEquals(List.of(), lateFailures.stream().map(s -> s.n() + " " + s.shardKey() + ": " + describeChain(s.error()))
                .limit(3).toList(), lateFailures.size() + " adds failed in the last " + QUIET_MILLIS + " ms of producing, "
                                    + (stoppedAt - recoveredAt) + " ms after the failover completed: the producer"
                                    + " does not find the new primary by itself");
    }

    static void report(String mode, FailoverTraffic traffic, Map<Long, String> present, long killedAt, long recoveredAt,
                       long stoppedAt, long drainMillis, String what, List<RecordingExceptionHandler> handlers,
                       List<String> affected) {
        List<FailoverTraffic.Send> sends = new ArrayList<>(traffic.sends.values());
        for (boolean onKilled : new boolean[] { true, false }) {
            List<FailoverTraffic.Send> group = sends.stream().filter(s -> affected.contains(s.shardKey()) == onKilled).toList();
            if (group.isEmpty()) {
                continue;
            }
            System.out.printf("%s failover: shards %s the killed primary: before the kill %d acknowledged / %d failed;"
                              + " during the failover %d / %d; after it %d / %d; in the last 2 s of producing %d / %d%n",
                    mode, onKilled ? "of" : "not of",
                    group.stream().filter(s -> s.startedAt() < killedAt && s.acknowledged()).count(),
                    group.stream().filter(s -> s.startedAt() < killedAt && s.error() != null).count(),
                    group.stream().filter(s -> s.startedAt() >= killedAt && s.startedAt() < recoveredAt && s.acknowledged()).count(),
                    group.stream().filter(s -> s.startedAt() >= killedAt && s.startedAt() < recoveredAt && s.error() != null).count(),
                    group.stream().filter(s -> s.startedAt() >= recoveredAt && s.acknowledged()).count(),
                    group.stream().filter(s -> s.startedAt() >= recoveredAt && s.error() != null).count(),
                    group.stream().filter(s -> s.startedAt() >= stoppedAt - QUIET_MILLIS && s.acknowledged()).count(),
                    group.stream().filter(s -> s.startedAt() >= stoppedAt - QUIET_MILLIS && s.error() != null).count());
        }
        long acked = sends.stream().filter(FailoverTraffic.Send::acknowledged).count();
        List<FailoverTraffic.Send> failed = sends.stream().filter(s -> s.error() != null).toList();
        long failedAfterRecovery = failed.stream().filter(s -> s.startedAt() >= recoveredAt).count();
        long lastFailure = failed.stream().mapToLong(FailoverTraffic.Send::endedAt).max().orElse(killedAt);
        List<FailoverTraffic.Send> lost = sends.stream()
                .filter(s -> s.acknowledged() && !present.containsKey(s.n())).toList();
        long failedButPresent = failed.stream().filter(s -> present.containsKey(s.n())).count();
        long processings = traffic.totalProcessings();
        Map<String, Long> errorKinds = failed.stream()
                .collect(Collectors.groupingBy(s -> firstLine(describeChain(s.error())), TreeMap::new, Collectors.counting()));
        List<String> consumerErrors = handlers.stream().flatMap(h -> h.reported.stream())
                .map(t -> firstLine(describeChain(t))).distinct().limit(6).toList();
        System.out.printf("%s failover: %s; failover took %d ms (kill -> healthy), producing went on %d ms after it;"
                          + " sends %d, acknowledged %d, failed with an exception %d (%d of them started after the"
                          + " failover, last failure %d ms after the kill, %d ms after the failover completed), failed but present in the stream %d;"
                          + " entries in the streams %d, processed %d distinct in %d processings (%d redeliveries);"
                          + " drained in %d ms%n",
                mode, what, recoveredAt - killedAt, stoppedAt - recoveredAt, sends.size(), acked, failed.size(),
                failedAfterRecovery, lastFailure - killedAt, lastFailure - recoveredAt, failedButPresent, present.size(),
                traffic.processedNumbers().size(), processings, processings - traffic.processedNumbers().size(), drainMillis);
        System.out.printf("%s failover: producer errors by kind %s%n", mode, errorKinds);
        System.out.printf("%s failover: consumer errors reported %s%n", mode, consumerErrors);
        if (lost.isEmpty()) {
            System.out.printf("%s failover: ACKNOWLEDGED BUT LOST: 0 (every XADD that got a reply is in the stream)%n", mode);
        } else {
            System.out.printf("%s failover: ACKNOWLEDGED BUT LOST: %d XADD(s) got an entry ID but are missing from the"
                              + " stream after the failover (asynchronous replication), acknowledged %d..%d ms after"
                              + " the kill, e.g. %s%n",
                    mode, lost.size(), lost.stream().mapToLong(s -> s.endedAt() - killedAt).min().orElse(0),
                    lost.stream().mapToLong(s -> s.endedAt() - killedAt).max().orElse(0),
                    lost.stream().limit(3).map(s -> s.n() + "@" + s.shardKey() + "=" + s.id()).toList());
        }
    }

    /**
     * Sends perCustomer entries for each customer, each customer's in sequence (one thread owns a customer and waits
     * for each reply), ten threads side by side so that the producer's pipeline has company.
     */
    static List<Exception> produceInOrder(ProducerTemplate producer, String uri, int customers, int perCustomer)
            throws InterruptedException {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int threadCount = 10;
        for (int t = 0; t < threadCount; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                for (int seq = 0; seq < perCustomer; seq++) {
                    for (int c = first; c < customers; c += threadCount) {
                        String customer = "customer-" + c;
                        String sequence = String.valueOf(seq);
                        Exchange result = producer.send(uri, e -> {
                            e.getMessage().setBody(Map.of("customer", customer, "seq", sequence));
                            e.getMessage().setHeader(RedisStreamsConstants.PARTITION_KEY, customer);
                        });
                        if (result.getException() != null) {
                            errors.add(result.getException());
                        } else if (result.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID) == null) {
                            errors.add(new IllegalStateException("no entry ID and no exception for " + customer));
                        }
                    }
                }
            }, "producer-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        return errors;
    }

    private long totalPending(String key, String group) {
        return FailoverTraffic.totalPending(redis, shardKeys(key), group);
    }

    static List<String> shardKeys(String key) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            keys.add(key + ":{" + i + "}");
        }
        return keys;
    }

    private static String shortNames(String key, List<String> shards) {
        return shards.stream().map(s -> s.substring(key.length() + 1)).collect(Collectors.joining(","));
    }

    static long shardOf(String partitionKey) {
        CRC32 crc = new CRC32();
        crc.update(partitionKey.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % SHARDS;
    }

    /** The messages of an exception and its causes, for assertions and reports. */
    static String describeChain(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        // entry IDs and numbers make every message unique: group by the rest
        return line.replaceAll("\\d{6,}-\\d+", "<id>").replaceAll("redis-streams:[^ ]+", "redis-streams:<key>")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "<node>");
    }

    static <T> Set<T> limit(Set<T> values) {
        return values.stream().limit(10).collect(Collectors.toSet());
    }

    /** Waits up to timeout for the condition; whether it came true. */
    static boolean awaitQuietly(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static String readFrom(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        byte[] all = Files.readAllBytes(file);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}
