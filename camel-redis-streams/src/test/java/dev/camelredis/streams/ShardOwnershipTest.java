package dev.camelredis.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import dev.camelredis.streams.health.LoopHealth;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant I5 of shardOwnership: at any moment at most one consumer instance processes the entries of a shard, and
 * the entries of a partition key are processed in order, across graceful stops and rebalances; a stop that runs out
 * of time leaves its leases to expire. Consumers run as Camel contexts in this JVM, with a lease of a second.
 */
class ShardOwnershipTest extends RedisStreamsTestSupport {

    private static final int SHARDS = 2;
    private static final long LEASE_MILLIS = 1000;
    private static final String OWNED = "?group=g&startId=0&shards=" + SHARDS + "&shardOwnership=true&shardLeaseTime="
                                        + LEASE_MILLIS + "&maxMessagesPerPoll=1&blockTimeout=200";

    /** One exchange: which consumer instance ran which entry of which shard, and when. */
    private record Run(String instance, String shard, String entry, long startNanos, long endNanos) {
        boolean overlaps(Run other) {
            return startNanos < other.endNanos && other.startNanos < endNanos;
        }
    }

    /** What the routes of a test saw, shared by its contexts. */
    private static final class History {
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        final Map<String, List<Integer>> seqsByCustomer = new ConcurrentHashMap<>();
        final List<Run> runs = new CopyOnWriteArrayList<>();
        private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

        /** Processes an exchange as {@code instance}, for {@code millis} whatever interrupts the thread. */
        void process(String instance, Exchange exchange, long millis) {
            String shard = exchange.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY, String.class);
            String entry = shard + "/" + exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
            long start = System.nanoTime();
            starts.computeIfAbsent(instance + "@" + shard, k -> new AtomicInteger()).incrementAndGet();
            deliveries.computeIfAbsent(entry, id -> new AtomicInteger()).incrementAndGet();
            Map<?, ?> body = exchange.getMessage().getBody(Map.class);
            seqsByCustomer.computeIfAbsent((String) body.get("customer"), c -> new CopyOnWriteArrayList<>())
                    .add(Integer.parseInt((String) body.get("seq")));
            busyFor(millis);
            runs.add(new Run(instance, shard, entry, start, System.nanoTime()));
        }

        /** How many exchanges {@code instance} started on {@code shard}, finished or not. */
        long started(String instance, String shard) {
            return starts.getOrDefault(instance + "@" + shard, new AtomicInteger()).get();
        }

        /** Every pair of exchanges of one shard run by different instances, that ran at the same time. */
        List<String> overlaps() {
            List<String> overlaps = new ArrayList<>();
            for (Run a : runs) {
                for (Run b : runs) {
                    if (a.shard().equals(b.shard()) && a.instance().compareTo(b.instance()) < 0 && a.overlaps(b)) {
                        overlaps.add(a.instance() + " ran " + a.entry() + " while " + b.instance() + " ran " + b.entry());
                    }
                }
            }
            return overlaps;
        }

        void assertEachEntryOnceAndInOrder(int entries, int perCustomer) {
            assertEquals(entries, deliveries.size(), "every entry processed");
            Map<String, Integer> twice = deliveries.entrySet().stream().filter(e -> e.getValue().get() != 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
            assertEquals(Map.of(), twice, "entries processed more than once (no JVM died: 0 allowed)");
            List<Integer> expected = new ArrayList<>();
            for (int seq = 0; seq < perCustomer; seq++) {
                expected.add(seq);
            }
            seqsByCustomer.forEach((customer, seqs) -> assertEquals(expected, seqs, "the order of " + customer));
            assertEquals(List.of(), overlaps(), "two instances processed one shard at the same time");
        }
    }

    @Test
    void aGracefulStopKeepsEachShardUntilItsSlowExchangesAreAcknowledged() throws Exception {
        String key = uniqueKey("own-stop");
        History history = new History();
        int perCustomer = 5;
        List<String> customers = customersPerShard(2);
        produce(key, customers, perCustomer);

        // a's exchanges take three leases; b's are quick
        CamelContext a = startContext(ownedRoute(key, "a", "a", history, LEASE_MILLIS * 3));
        await("a processes an entry of each shard", Duration.ofSeconds(15),
                () -> shardKeys(key).stream().allMatch(shard -> history.started("a", shard) > 0));
        startContext(ownedRoute(key, "b", "b", history, 20));
        await("b is a member", Duration.ofSeconds(10), () -> redis.zcard(key + ":members:g") == 2);

        a.stop();

        int entries = customers.size() * perCustomer;
        await("everything processed and acknowledged", Duration.ofSeconds(30),
                () -> history.deliveries.size() == entries
                      && shardKeys(key).stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        history.assertEachEntryOnceAndInOrder(entries, perCustomer);
        for (String shard : shardKeys(key)) {
            assertTrue(history.started("b", shard) > 0, "b took over " + shard);
        }
    }

    @Test
    void aRebalanceKeepsTheShardUntilItsSlowExchangeIsAcknowledgedHoweverLongItTakes() throws Exception {
        String key = uniqueKey("own-rebalance");
        History history = new History();
        int perCustomer = 3;
        List<String> customers = customersPerShard(1);
        produce(key, customers, perCustomer);
        // the first entry of each key takes thirteen leases at a, longer than any fixed hand-over deadline would wait
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + OWNED + "&consumerName=a").process(e -> history.process("a", e,
                        "0".equals(e.getMessage().getBody(Map.class).get("seq")) ? LEASE_MILLIS * 13 : 20));
            }
        });
        await("a processes an entry of each shard", Duration.ofSeconds(15),
                () -> shardKeys(key).stream().allMatch(shard -> history.started("a", shard) > 0));

        startContext(ownedRoute(key, "b", "b", history, 20));

        int entries = customers.size() * perCustomer;
        await("everything processed and acknowledged", Duration.ofSeconds(45),
                () -> history.deliveries.size() == entries
                      && shardKeys(key).stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        history.assertEachEntryOnceAndInOrder(entries, perCustomer);
        assertEquals(1, shardKeys(key).stream().filter(shard -> history.started("b", shard) > 0).count(),
                "the rebalance moved one shard to b: " + history.runs);
    }

    @Test
    void aRebalanceWaitsForTheShardsAsynchronousExchangesNotOnlyForItsReader() throws Exception {
        String key = uniqueKey("own-async");
        History history = new History();
        int perCustomer = 3;
        List<String> customers = customersPerShard(1);
        produce(key, customers, perCustomer);
        // threads(): the reader hands each exchange over and ends at once when the shard moves; the entry is still
        // held in the shard's ledger (and its slot taken) until the slow exchange is done and acknowledged
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                // maxInFlight leaves the reader free to end while the slow exchange runs
                from("redis-streams:" + key + OWNED + "&consumerName=a&maxInFlight=10").threads(1)
                        .process(e -> history.process("a", e,
                                "0".equals(e.getMessage().getBody(Map.class).get("seq")) ? LEASE_MILLIS * 4 : 20));
            }
        });
        await("a processes an entry of each shard", Duration.ofSeconds(15),
                () -> shardKeys(key).stream().allMatch(shard -> history.started("a", shard) > 0));

        startContext(ownedRoute(key, "b", "b", history, 20));

        int entries = customers.size() * perCustomer;
        await("everything processed and acknowledged", Duration.ofSeconds(45),
                () -> history.deliveries.size() == entries
                      && shardKeys(key).stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        history.assertEachEntryOnceAndInOrder(entries, perCustomer);
    }

    @Test
    void aStopThatRunsOutOfTimeLeavesTheLeaseToExpireInsteadOfReleasingIt() throws Exception {
        String key = uniqueKey("own-late");
        History history = new History();
        produce(key, customersPerShard(1), 1);
        CamelContext a = newContext();
        a.getShutdownStrategy().setTimeout(2);
        a.addRoutes(ownedRoute(key, "a", "a", history, 6000));
        a.start();
        await("a processes an entry of each shard", Duration.ofSeconds(15),
                () -> shardKeys(key).stream().allMatch(shard -> history.started("a", shard) > 0));

        a.stop();

        assertTrue(history.runs.isEmpty(), "the exchanges still run after the stop");
        for (String shard : shardKeys(key)) {
            String holder = redis.get(shard + ":lease:g");
            assertTrue(holder != null && holder.startsWith("a#"),
                    "the lease of " + shard + " stays with a while its exchange runs: " + holder);
        }
        await("the leases expired: nobody renews them any more", Duration.ofSeconds(5),
                () -> shardKeys(key).stream().noneMatch(shard -> redis.exists(shard + ":lease:g")));
    }

    @Test
    void aShardKeyOfAnotherTypeStopsOnlyThatShard() throws Exception {
        String key = uniqueKey("own-wrongtype");
        int shards = 3;
        String broken = key + ":{0}";
        redis.set(broken, "not a stream");
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext context = newContext();
        context.getRegistry().bind(TestContexts.HANDLER, handler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&shards=" + shards + "&shardOwnership=true&shardLeaseTime="
                     + LEASE_MILLIS + "&consumerName=solo&exceptionHandler=#" + TestContexts.HANDLER)
                        .process(e -> deliveries.computeIfAbsent(e.getMessage().getHeader(RedisStreamsConstants.STREAM_KEY)
                                                                 + "/" + e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID),
                                id -> new AtomicInteger()).incrementAndGet());
            }
        });
        List<String> healthy = List.of(key + ":{1}", key + ":{2}");
        for (String shard : healthy) {
            addEntries(shard, 5);
        }
        context.start();

        await("the healthy shards are consumed", Duration.ofSeconds(15),
                () -> deliveries.size() == 10 && healthy.stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        await("the broken shard is reported", Duration.ofSeconds(10), () -> handler.reported.stream()
                .anyMatch(error -> String.valueOf(error.getMessage()).contains("Key '" + broken + "'")
                                   && error.getMessage().contains("WRONGTYPE")));

        LoopHealth health = ((RedisStreamsConsumer) context.getRoutes().get(0).getConsumer()).health();
        assertEquals("shard ownership " + broken + "/g", health.oldestFailure().map(LoopHealth.Failure::loop).orElse(null),
                "the health check names the failing shard");

        redis.del(broken);
        addEntries(broken, 3);
        await("the repaired shard is consumed too", Duration.ofSeconds(15),
                () -> deliveries.size() == 13 && pendingCount(broken, "g") == 0);
        assertEquals(0, health.failingLoops(), "healthy again: " + health.oldestFailure());
        deliveries.forEach((entry, count) -> assertEquals(1, count.get(), entry));
    }

    @Test
    void twoInstancesWithTheSameConsumerNameNeverProcessOneShardAtOnce() throws Exception {
        String key = uniqueKey("own-twins");
        History history = new History();
        int perCustomer = 20;
        List<String> customers = customersPerShard(2);
        for (String instance : List.of("first", "second")) {
            startContext(ownedRoute(key, "twin", instance, history, 30));
        }
        await("each instance holds one shard, under a lease of its own", Duration.ofSeconds(15), () -> {
            Set<String> holders = shardKeys(key).stream().map(shard -> redis.get(shard + ":lease:g"))
                    .filter(holder -> holder != null && holder.startsWith("twin#")).collect(Collectors.toSet());
            return holders.size() == SHARDS;
        });

        produce(key, customers, perCustomer);

        int entries = customers.size() * perCustomer;
        await("everything processed and acknowledged", Duration.ofSeconds(30),
                () -> history.deliveries.size() == entries
                      && shardKeys(key).stream().allMatch(shard -> pendingCount(shard, "g") == 0));
        history.assertEachEntryOnceAndInOrder(entries, perCustomer);
        Set<String> instances = history.runs.stream().map(Run::instance).collect(Collectors.toSet());
        assertEquals(Set.of("first", "second"), instances, "both instances took part");
    }

    /** A route of {@code instance} that consumes as {@code consumerName}, each exchange taking millis. */
    private static RouteBuilder ownedRoute(String key, String consumerName, String instance, History history, long millis) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + OWNED + "&consumerName=" + consumerName)
                        .process(e -> history.process(instance, e, millis));
            }
        };
    }

    /** Adds perCustomer entries {customer, seq} for each customer, to the shard its partition key picks. */
    private void produce(String key, List<String> customers, int perCustomer) {
        for (int seq = 0; seq < perCustomer; seq++) {
            for (String customer : customers) {
                redis.xadd(shardOf(key, customer), StreamEntryID.NEW_ENTRY,
                        Map.of("customer", customer, "seq", String.valueOf(seq)));
            }
        }
    }

    /** The first {@code count} customers c0, c1, ... of each shard. */
    private static List<String> customersPerShard(int count) {
        List<String> customers = new ArrayList<>();
        int[] perShard = new int[SHARDS];
        for (int c = 0; customers.size() < count * SHARDS; c++) {
            int shard = shardIndex("c" + c);
            if (perShard[shard] < count) {
                perShard[shard]++;
                customers.add("c" + c);
            }
        }
        return customers;
    }

    private static String shardOf(String key, String customer) {
        return key + ":{" + shardIndex(customer) + "}";
    }

    private static int shardIndex(String partitionKey) {
        CRC32 crc = new CRC32();
        crc.update(partitionKey.getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(crc.getValue(), SHARDS);
    }

    private static List<String> shardKeys(String key) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            keys.add(key + ":{" + i + "}");
        }
        return keys;
    }

    /** Keeps the thread busy for millis even when interrupted, like a route that does not react to interrupts. */
    private static void busyFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
