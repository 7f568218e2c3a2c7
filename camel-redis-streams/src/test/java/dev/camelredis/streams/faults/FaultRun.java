package dev.camelredis.streams.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import dev.camelredis.streams.RedisStreamsComponent;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.faults.History.Add;
import dev.camelredis.streams.faults.History.Fault;
import dev.camelredis.streams.faults.History.FaultKind;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * One randomized fault-injection run: a producer, two consumers in Camel contexts of this JVM (a routes
 * synchronously, b through a thread pool unless shardOwnership is on) and one in a child JVM, all in group g of one
 * stream (or of its shards), while the faults of a {@link FaultSchedule} hit them. It records
 * the {@link History} and hands it to the {@link HistoryChecker}.
 *
 * <p>The phases: start everything; produce while the faults run; stop producing and wait until every shard is drained
 * (nothing pending, everything delivered); stop the consumers; read what Redis holds and the journals.
 */
final class FaultRun implements AutoCloseable {

    /** What a run covers: its seed and length, and how the stream is consumed. */
    record Scenario(long seed, long durationMillis, int shards, boolean ownership) {

        @Override
        public String toString() {
            return "seed=" + seed + " duration=" + durationMillis + "ms shards=" + shards + " shardOwnership=" + ownership;
        }
    }

    static final String GROUP = "g";
    static final int MAX_DELIVERIES = 3;
    private static final long CLAIM_MIN_IDLE_MILLIS = 2000;
    private static final long SLOW_MILLIS = CLAIM_MIN_IDLE_MILLIS + 500;
    private static final int CUSTOMERS = 20;
    private static final long PRODUCE_PAUSE_MILLIS = 10;
    private static final long DRAIN_MILLIS = 90_000;
    /** Slow entries per SLOW_EXCHANGES fault: each holds a consumer (with shardOwnership, a shard) for 2.5 s. */
    private static final int SLOW_ENTRIES = 3;
    private static final int ASYNC_THREADS = 8;
    private static final String TEST_JVM = "test";

    private final RedisTestServer server;
    private final Scenario scenario;
    private final FaultSchedule schedule;
    private final Path directory;
    private final RedisClient admin;
    private final String streamKey;
    private final List<String> streams = new ArrayList<>();
    private final AttemptJournal journal;
    private final PendingSampler sampler;
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
    private final Random behaviours;
    private final List<Add> adds = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<String, CamelContext> contexts = new HashMap<>();
    private final Map<String, Integer> incarnations = new HashMap<>();
    private CamelContext producerContext;
    private Process child;
    private String childJvm;
    private volatile String window = "ok";
    private final AtomicInteger slowLeft = new AtomicInteger();
    private volatile boolean producing;

    FaultRun(RedisTestServer server, Scenario scenario) throws IOException {
        this.server = server;
        this.scenario = scenario;
        this.schedule = FaultSchedule.draw(scenario.seed(), scenario.durationMillis());
        this.behaviours = new Random(scenario.seed() + 1);
        this.streamKey = "faults:" + scenario.seed() + ":" + (scenario.ownership() ? "owned" : "shards" + scenario.shards());
        this.directory = Path.of("target", "faults", streamKey.replace(':', '-'));
        if (Files.exists(directory)) {
            try (Stream<Path> old = Files.list(directory)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        this.admin = server.newClient();
        for (int i = 0; i < scenario.shards(); i++) {
            streams.add(scenario.shards() == 1 ? streamKey : streamKey + ":{" + i + "}");
        }
        this.journal = new AttemptJournal(directory.resolve(TEST_JVM + ".journal"));
        this.sampler = new PendingSampler(server.newClient(), streams, GROUP);
    }

    FaultSchedule schedule() {
        return schedule;
    }

    Verdict run() throws Exception {
        producerContext = new DefaultCamelContext();
        producerContext.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration()
                .setRedisUri(server.redisUri());
        producerContext.start();
        startContext("a");
        startContext("b");
        launchChild();
        awaitCondition("the child JVM started", 60_000, this::childStarted);
        awaitCondition("the consumers took part on every shard", 60_000, () -> scenario.ownership()
                ? streams.stream().allMatch(this::leaseHeld) : readingConnections() >= 3L * streams.size());
        sampling.scheduleWithFixedDelay(sampler::sample, 0, 200, TimeUnit.MILLISECONDS);
        producing = true;
        Thread producer = new Thread(this::produce, "fault-run-producer");
        producer.start();

        long start = System.currentTimeMillis();
        for (FaultSchedule.Planned planned : schedule.faults()) {
            long wait = start + planned.atMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            inject(planned);
        }
        long rest = start + scenario.durationMillis() - System.currentTimeMillis();
        if (rest > 0) {
            Thread.sleep(rest);
        }
        producing = false;
        producer.join(30_000);
        boolean drained = awaitCondition("every shard drained", DRAIN_MILLIS, this::drained);
        sampling.shutdown();
        sampling.awaitTermination(10, TimeUnit.SECONDS);
        stopConsumers();
        History history = collect();
        Verdict verdict = HistoryChecker.check(history);
        String report = scenario + (drained ? "" : " (NOT drained within " + DRAIN_MILLIS + " ms)") + "\n"
                        + verdict.report() + schedule;
        Files.writeString(directory.resolve("report.txt"), report + "\n" + verdict.violations().stream()
                .map(Object::toString).reduce("", (a, b) -> a + b + "\n"), StandardCharsets.UTF_8);
        System.out.println(report);
        return verdict;
    }

    private String consumerUri(String name) {
        return "redis-streams:" + streamKey + "?group=" + GROUP + "&consumerName=" + name + "&startId=0"
               + "&blockTimeout=200&reconnectMaxDelay=500&maxMessagesPerPoll=20&claimMinIdleTime="
               + CLAIM_MIN_IDLE_MILLIS + "&claimInterval=500&maxDeliveries=" + MAX_DELIVERIES
               + (scenario.shards() > 1 ? "&shards=" + scenario.shards() : "")
               + (scenario.ownership() ? "&shardOwnership=true&shardLeaseTime=3000" : "");
    }

    private String nextInstance(String name) {
        return name + "#" + incarnations.merge(name, 1, Integer::sum);
    }

    private void startContext(String name) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration()
                .setRedisUri(server.redisUri());
        // b routes asynchronously, except under shardOwnership, whose order per key a thread pool would break
        int threads = name.equals("b") && !scenario.ownership() ? ASYNC_THREADS : 0;
        context.addRoutes(new RecordingRoute(consumerUri(name), nextInstance(name), TEST_JVM, journal, SLOW_MILLIS,
                threads));
        context.start();
        contexts.put(name, context);
    }

    private void launchChild() throws IOException {
        String instance = nextInstance("c");
        childJvm = "jvm-" + instance;
        child = FaultConsumerProcess.launch(server.redisUri(), consumerUri("c"), instance, childJvm,
                directory.resolve(childJvm + ".journal"), SLOW_MILLIS);
    }

    private void produce() {
        ProducerTemplate template = producerContext.createProducerTemplate();
        Map<String, Long> seqs = new HashMap<>();
        String uri = "redis-streams:" + streamKey + (scenario.shards() > 1 ? "?shards=" + scenario.shards() : "");
        for (long n = 0; producing; n++) {
            String customer = "c" + n % CUSTOMERS;
            long seq = seqs.merge(customer, 1L, Long::sum);
            String behaviour = switch (window) {
                case "failures" -> behaviours.nextInt(10) == 0 ? "poison" : "fail-once";
                case "slow" -> slowLeft.getAndDecrement() > 0 ? "slow" : "ok";
                default -> "ok";
            };
            Map<String, String> body = Map.of("n", String.valueOf(n), "customer", customer, "seq",
                    String.valueOf(seq), "behaviour", behaviour);
            long sentAt = System.currentTimeMillis();
            String id = null;
            try {
                id = template.request(uri, e -> {
                    e.getMessage().setBody(body);
                    e.getMessage().setHeader(RedisStreamsConstants.PARTITION_KEY, customer);
                }).getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
            } catch (RuntimeException e) {
                // no reply: the entry may or may not exist
            }
            synchronized (adds) {
                adds.add(new Add(n, id == null ? null : shardOf(customer) + "/" + id, customer, seq, sentAt,
                        System.currentTimeMillis()));
            }
            try {
                Thread.sleep(PRODUCE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The shard of a partition key by the documented rule: CRC-32 of its UTF-8 bytes modulo shards. */
    private String shardOf(String partitionKey) {
        if (scenario.shards() == 1) {
            return streamKey;
        }
        CRC32 crc = new CRC32();
        crc.update(partitionKey.getBytes(StandardCharsets.UTF_8));
        return streamKey + ":{" + crc.getValue() % scenario.shards() + "}";
    }

    private void inject(FaultSchedule.Planned planned) throws Exception {
        String stream = streams.get(planned.target() % streams.size());
        long start = System.currentTimeMillis();
        String target = "";
        Set<String> entries = Set.of();
        switch (planned.kind()) {
            case CLIENT_KILL -> retry(() -> admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal",
                    "SKIPME", "yes"));
            case CLIENT_PAUSE -> {
                retry(() -> admin.sendCommand(Protocol.Command.CLIENT, "PAUSE",
                        String.valueOf(planned.lengthMillis()), "ALL"));
                Thread.sleep(planned.lengthMillis());
            }
            case REDIS_RESTART -> {
                server.kill();
                Thread.sleep(planned.lengthMillis());
                server.start();
            }
            case JVM_KILL -> {
                target = childJvm;
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                start = System.currentTimeMillis();
                entries = retry(() -> pendingOf("c"));
                launchChild();
            }
            case CONTEXT_RESTART -> {
                String name = planned.target() % 2 == 0 ? "a" : "b";
                target = name;
                contexts.remove(name).stop();
                startContext(name);
            }
            case ROUTE_FAILURES, SLOW_EXCHANGES -> {
                slowLeft.set(SLOW_ENTRIES);
                window = planned.kind() == FaultKind.ROUTE_FAILURES ? "failures" : "slow";
                Thread.sleep(planned.lengthMillis());
                window = "ok";
            }
            case XDEL -> {
                target = stream;
                List<StreamPendingEntry> pending = retry(() -> admin.xpending(stream, GROUP, XPendingParams
                        .xPendingParams().start(StreamEntryID.MINIMUM_ID).end(StreamEntryID.MAXIMUM_ID).count(2)));
                StreamEntryID[] ids = pending.stream().map(StreamPendingEntry::getID).toArray(StreamEntryID[]::new);
                start = System.currentTimeMillis();
                if (ids.length > 0) {
                    retry(() -> admin.xdel(stream, ids));
                }
                entries = Stream.of(ids).map(id -> stream + "/" + id).collect(Collectors.toSet());
            }
            case GROUP_DESTROY -> {
                target = stream;
                retry(() -> admin.xgroupDestroy(stream, GROUP));
            }
            case DEAD_LETTER_BROKEN -> {
                target = stream;
                String deadLetters = stream + ":dlq";
                String aside = deadLetters + ":aside";
                boolean existed = retry(() -> admin.exists(deadLetters));
                if (existed) {
                    retry(() -> admin.rename(deadLetters, aside));
                }
                retry(() -> admin.set(deadLetters, "not a stream"));
                Thread.sleep(planned.lengthMillis());
                retry(() -> admin.del(deadLetters));
                if (existed) {
                    retry(() -> admin.rename(aside, deadLetters));
                }
            }
        }
        synchronized (faults) {
            faults.add(new Fault(planned.kind(), target, start, System.currentTimeMillis(), entries));
        }
    }

    /** The entries a consumer name holds pending over all shards. */
    private Set<String> pendingOf(String consumer) {
        Set<String> held = new HashSet<>();
        for (String stream : streams) {
            admin.xpending(stream, GROUP, XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                    .end(StreamEntryID.MAXIMUM_ID).count(100_000).consumer(consumer))
                    .forEach(p -> held.add(stream + "/" + p.getID()));
        }
        return held;
    }

    private boolean childStarted() {
        try {
            return Files.readString(directory.resolve(childJvm + ".log")).contains("STARTED");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean leaseHeld(String stream) {
        return admin.exists(stream + ":lease:" + GROUP);
    }

    /**
     * Connections whose last command was XREADGROUP: one per reader of each consumer and shard. XINFO CONSUMERS cannot
     * tell: Redis 7.0 creates a consumer only once a read delivers something, and the stream is empty at the start.
     */
    private long readingConnections() {
        String clients = new String((byte[]) admin.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        return clients.lines().filter(client -> client.contains(" cmd=xreadgroup ")).count();
    }

    /** Nothing pending and everything delivered, on every shard. */
    private boolean drained() {
        try {
            for (String stream : streams) {
                if (!admin.exists(stream)) {
                    continue;
                }
                StreamGroupInfo group = admin.xinfoGroups(stream).stream().filter(g -> g.getName().equals(GROUP))
                        .findFirst().orElse(null);
                if (group == null || group.getPending() != 0
                    || !group.getLastDeliveredId().equals(admin.xinfoStream(stream).getLastGeneratedId())) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void stopConsumers() throws InterruptedException {
        contexts.values().forEach(CamelContext::stop);
        contexts.clear();
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
    }

    private History collect() throws IOException {
        Set<String> pendingAtEnd = new HashSet<>();
        Set<String> presentAtEnd = new HashSet<>();
        List<History.DeadLetter> deadLetters = new ArrayList<>();
        for (String stream : streams) {
            retry(() -> admin.xpending(stream, GROUP, XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID)
                    .end(StreamEntryID.MAXIMUM_ID).count(100_000)))
                    .forEach(p -> pendingAtEnd.add(stream + "/" + p.getID()));
            everyEntry(stream).forEach(e -> presentAtEnd.add(stream + "/" + e.getID()));
            for (StreamEntry dead : everyEntry(stream + ":dlq")) {
                Map<String, String> fields = dead.getFields();
                deadLetters.add(new History.DeadLetter(fields.get("dlq-source-stream") + "/" + fields.get("dlq-source-id"),
                        dead.getID().getTime(), Long.parseLong(fields.get("dlq-deliveries"))));
            }
        }
        List<Path> journals;
        try (Stream<Path> files = Files.list(directory)) {
            journals = files.filter(f -> f.toString().endsWith(".journal")).toList();
        }
        List<Add> allAdds;
        synchronized (adds) {
            allAdds = List.copyOf(adds);
        }
        List<Fault> allFaults;
        synchronized (faults) {
            allFaults = List.copyOf(faults);
        }
        return new History(new History.Settings(scenario.ownership(), MAX_DELIVERIES), allAdds,
                AttemptJournal.read(journals), sampler.samples(), allFaults, deadLetters, pendingAtEnd, presentAtEnd);
    }

    private List<StreamEntry> everyEntry(String stream) {
        List<StreamEntry> all = new ArrayList<>();
        StreamEntryID from = StreamEntryID.MINIMUM_ID;
        while (true) {
            StreamEntryID first = from;
            List<StreamEntry> page = retry(() -> admin.xrange(stream, first, StreamEntryID.MAXIMUM_ID, 5000));
            all.addAll(page);
            if (page.size() < 5000) {
                return all;
            }
            StreamEntryID last = page.get(page.size() - 1).getID();
            from = new StreamEntryID(last.getTime(), last.getSequence() + 1);
        }
    }

    /** Runs an admin call until Redis answers it (a fault may have broken the pooled connection), up to 30 s. */
    private static <T> T retry(Supplier<T> call) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                return call.get();
            } catch (JedisConnectionException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                sleepQuietly(100);
            }
        }
    }

    private static boolean awaitCondition(String what, long timeoutMillis, Supplier<Boolean> condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.get()) {
            if (System.currentTimeMillis() > deadline) {
                System.out.println("gave up waiting for: " + what);
                return false;
            }
            sleepQuietly(100);
        }
        return true;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        producing = false;
        sampling.shutdownNow();
        contexts.values().forEach(CamelContext::stop);
        if (child != null) {
            child.destroyForcibly();
        }
        if (producerContext != null) {
            producerContext.stop();
        }
        journal.close();
        admin.close();
    }
}
