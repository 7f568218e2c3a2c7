package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelredis.testservice.LocalRedisCluster;
import redis.clients.jedis.StreamEntryID;

/**
 * Measures one configuration of the scaling run: N shards of one logical stream, pre-filled, drained by N consumer
 * processes in one group, each reading every shard (the component's default, without shard ownership). The clock runs
 * from telling the processes to start their routes until Redis shows every shard read to its end by the group and
 * nothing pending; then every process reports what it routed, and the sum must be the entries produced, no more.
 */
final class ScalingRun {

    private static final String WORKER_HEAP = "512m";
    private static final int WARM_UP_REPETITIONS = 3;
    /** Far longer than a repetition takes: a run that has not drained by then is broken. */
    private static final long DRAIN_TIMEOUT_MILLIS = 120_000;

    private final LocalRedisCluster cluster;
    private final StreamFixture streams;
    private final ScalingSettings settings;
    private final List<Long> redisPids;
    private final int cores;
    private final Path logDir;
    private final PrintStream out;

    ScalingRun(LocalRedisCluster cluster, StreamFixture streams, ScalingSettings settings, List<Long> redisPids,
               int cores, Path logDir, PrintStream out) {
        this.cluster = cluster;
        this.streams = streams;
        this.settings = settings;
        this.redisPids = List.copyOf(redisPids);
        this.cores = cores;
        this.logDir = logDir;
        this.out = out;
    }

    ScalingResult measure(int count) throws Exception {
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                workers.add(WorkerProcess.launch("scaling-" + count + "-worker-" + i, cluster.clusterNodes(), logDir,
                        WORKER_HEAP));
            }
            List<Long> workerPids = workers.stream().map(WorkerProcess::pid).toList();
            // untimed warm-up: each process sees only its share of the entries, and with one repetition of them the
            // timed ones of 2 and 4 processes still got faster one after the other (JIT and heap sizing)
            for (int warmUp = 0; warmUp < WARM_UP_REPETITIONS; warmUp++) {
                repeatOnce(workers, workerPids, count, settings.entries());
            }
            List<Double> rates = new ArrayList<>();
            List<CpuSnapshot.CoresBusy> cpu = new ArrayList<>();
            for (int repetition = 1; repetition <= settings.repetitions(); repetition++) {
                Repetition done = repeatOnce(workers, workerPids, count, settings.entries());
                rates.add(done.timed().perSecond());
                cpu.add(done.cpu());
                out.printf("%d shards, %d consumer processes, run %d/%d: %,.0f entries/s (%,d entries in %,.0f ms%s)%n",
                        count, count, repetition, settings.repetitions(), done.timed().perSecond(),
                        done.timed().entries(), done.timed().nanos() / 1e6, describe(done.cpu()));
            }
            return new ScalingResult(count, primaries(count), rates, cpu);
        } finally {
            for (WorkerProcess worker : workers) {
                worker.close();
            }
        }
    }

    private record Repetition(Timed timed, CpuSnapshot.CoresBusy cpu) {
    }

    private Repetition repeatOnce(List<WorkerProcess> workers, List<Long> workerPids, int shards, int entries)
            throws Exception {
        String key = StreamFixture.freshKey("scaling-" + shards);
        List<String> shardKeys = shardKeys(key, shards);
        try {
            Map<String, StreamEntryID> lastEntries = new LinkedHashMap<>();
            for (int shard = 0; shard < shards; shard++) {
                // the remainder goes to the first shards, one entry each
                int share = entries / shards + (shard < entries % shards ? 1 : 0);
                streams.prefill(shardKeys.get(shard), share);
                lastEntries.put(shardKeys.get(shard), streams.lastEntry(shardKeys.get(shard)));
            }
            CpuSnapshot before = CpuSnapshot.take(workerPids, redisPids);
            Timed.Start start = Timed.start();
            for (WorkerProcess worker : workers) {
                worker.send("start " + key + " " + shards);
            }
            for (WorkerProcess worker : workers) {
                worker.awaitReply("started " + key);
            }
            awaitDrained(key, lastEntries);
            Timed timed = Timed.since(start, entries);
            CpuSnapshot after = CpuSnapshot.take(workerPids, redisPids);

            for (WorkerProcess worker : workers) {
                worker.send("stop " + key);
            }
            long routed = 0;
            for (WorkerProcess worker : workers) {
                String reply = worker.awaitReply("stopped " + key);
                routed += Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1));
            }
            if (routed != entries) {
                throw new IllegalStateException("The consumer processes routed " + routed + " entries of " + key
                                                + " instead of the " + entries + " produced");
            }
            return new Repetition(timed, CpuSnapshot.between(before, after, cores));
        } finally {
            shardKeys.forEach(streams::delete);
        }
    }

    /** Polls every shard (one XINFO GROUPS each) until the group has read and acknowledged all of them. */
    private void awaitDrained(String key, Map<String, StreamEntryID> lastEntries) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MILLIS;
        Set<String> remaining = new HashSet<>(lastEntries.keySet());
        while (true) {
            // nothing is added while the clock runs, so a drained shard stays drained: it is not asked again
            remaining.removeIf(shardKey -> streams.drained(shardKey, lastEntries.get(shardKey)));
            if (remaining.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(key + ": shards " + remaining + " not drained within "
                                                + DRAIN_TIMEOUT_MILLIS + " ms; see the worker logs in " + logDir);
            }
            Thread.sleep(2);
        }
    }

    private int primaries(int shards) {
        // a shard's slot depends on its hash tag alone, whatever the key in front of it; one shard is one key
        return (int) shardKeys("scaling", shards).stream()
                .map(shardKey -> cluster.primaryFor(shardKey).port())
                .distinct()
                .count();
    }

    /** The component's naming of a logical stream's shards: {@code key:{0}} ... {@code key:{N-1}}, or the key alone. */
    private static List<String> shardKeys(String key, int shards) {
        if (shards == 1) {
            return List.of(key);
        }
        List<String> keys = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            keys.add(key + ":{" + shard + "}");
        }
        return keys;
    }

    private static String describe(CpuSnapshot.CoresBusy cpu) {
        return cpu == null ? ""
                : String.format(", cores busy: consumers %.2f, Redis %.2f, whole machine %.2f", cpu.workers(),
                        cpu.redis(), cpu.machine());
    }
}
