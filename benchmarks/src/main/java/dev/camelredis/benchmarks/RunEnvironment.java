package dev.camelredis.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a reader needs to judge the numbers: the machine, the JVM, the Redis server, the library versions and which
 * state of the component was measured.
 */
record RunEnvironment(Instant date, int cores, String cpu, String os, String jvm, String heapAndGc, String redis,
                     String versions, String componentRevision) {

    /**
     * @param redisVersion     {@code redis_version} of the server(s) measured
     * @param redisDescription where they run and how they are set up
     */
    static RunEnvironment capture(String redisVersion, String redisDescription) {
        Properties versions = builtVersions();
        Runtime runtime = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        return new RunEnvironment(
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                runtime.availableProcessors(),
                cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                String.format("max heap %,d MiB, %s", runtime.maxMemory() / (1024 * 1024), gcs),
                "Redis " + redisVersion + ", " + redisDescription,
                String.format("Camel %s, Jedis %s, Spring Data Redis %s, Lettuce %s, HdrHistogram %s",
                        versions.getProperty("camel"), versions.getProperty("jedis"),
                        versions.getProperty("springDataRedis"), versions.getProperty("lettuce"),
                        versions.getProperty("hdrhistogram")),
                versions.getProperty("component") + " " + gitRevision());
    }

    /** The versions this module was built with, filled in by Maven resource filtering. */
    private static Properties builtVersions() {
        Properties properties = new Properties();
        try (InputStream in = RunEnvironment.class.getResourceAsStream("/benchmark-versions.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        try {
            return Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The commit the component was measured at, and whether its sources had uncommitted changes: the component
     * changes while benchmarks are run, so a number without its revision says little.
     */
    private static String gitRevision() {
        String commit = git(List.of("git", "rev-parse", "--short", "HEAD"));
        if (commit.isEmpty()) {
            return "(not in a git work tree)";
        }
        String changes = git(List.of("git", "status", "--porcelain", "--", ":/camel-redis-streams"));
        return "at commit " + commit + (changes.isEmpty() ? "" : " with uncommitted changes to camel-redis-streams");
    }

    private static String git(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            return exited && process.exitValue() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
