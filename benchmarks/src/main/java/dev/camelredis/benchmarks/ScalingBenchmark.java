package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.camelredis.testservice.LocalRedisCluster;
import dev.camelredis.testservice.LocalRedisOptions;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * The scaling run: a local Redis Cluster (three primaries, three replicas, no persistence), then each configuration of
 * {@link ScalingSettings#counts()} in turn, measured by {@link ScalingRun}.
 */
final class ScalingBenchmark {

    private ScalingBenchmark() {
    }

    static List<ScalingResult> run(ScalingSettings settings, PrintStream out) throws Exception {
        // no AOF: the cluster's nodes default to fsync on every write, which would measure the disk
        try (LocalRedisCluster cluster = LocalRedisCluster.start(LocalRedisOptions.defaults().args("--appendonly", "no"));
             RedisClusterClient client = cluster.newClient()) {
            RunEnvironment environment = RunEnvironment.capture(cluster.version(),
                    "local Redis Cluster of 3 primaries and 3 replicas, no persistence");
            out.printf("Scaling run %s%n  machine: %d cores (%s), %s%n  %s%n  component %s%n  sizes: %s%n%n",
                    environment.date(), environment.cores(), environment.cpu(), environment.os(), environment.redis(),
                    environment.componentRevision(), settings.describe());
            Path logDir = Files.createDirectories(Path.of("target", "scaling-logs"));
            ScalingRun run = new ScalingRun(cluster, new StreamFixture(client), settings, redisPids(cluster),
                    environment.cores(), logDir, out);
            List<ScalingResult> results = new ArrayList<>();
            for (int count : settings.counts()) {
                results.add(run.measure(count));
            }
            ResultsTable.Table table = ScalingReport.table(settings, environment, results);
            out.println();
            out.println(table.toText());
            String cpuSummary = ScalingReport.machineBusy(environment, results);
            out.println("CPU: " + cpuSummary);
            if (settings.docsDir() != null) {
                Path report = settings.docsDir().resolve(BenchmarkMain.REPORT_FILE);
                ScalingReport.write(report, environment, settings, cpuSummary, table);
                out.println("Wrote " + report);
            }
            return results;
        }
    }

    private static List<Long> redisPids(LocalRedisCluster cluster) {
        List<Long> pids = new ArrayList<>();
        for (HostAndPort node : cluster.nodes()) {
            try (Jedis jedis = new Jedis(node)) {
                pids.add(Long.parseLong(BenchmarkRedis.infoField(jedis.info("server"), "process_id")));
            }
        }
        return pids;
    }
}
