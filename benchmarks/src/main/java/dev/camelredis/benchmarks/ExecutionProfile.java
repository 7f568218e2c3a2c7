package dev.camelredis.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording says about where the JVM spent its CPU: the methods on top of the sampled Java stacks (self
 * time) and the share of each code owner (this component, Camel, Jedis, the JDK). Samples of threads blocked in a
 * socket read are JFR's native samples and are left out: they are waits, not CPU.
 *
 * @param samples     Java execution samples in the recording
 * @param hotFrames   methods by samples on top of the stack, most first
 * @param ownerShares samples by the owner of the top frame, most first
 */
record ExecutionProfile(long samples, List<Count> hotFrames, List<Count> ownerShares) {

    /** A method or owner and how many samples had it on top. */
    record Count(String name, long samples) {
    }

    static ExecutionProfile read(Path recording) throws IOException {
        Map<String, Long> byFrame = new HashMap<>();
        Map<String, Long> byOwner = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame top = stack.getFrames().get(0);
            String type = top.getMethod().getType().getName();
            byFrame.merge(type + "." + top.getMethod().getName(), 1L, Long::sum);
            byOwner.merge(owner(type), 1L, Long::sum);
        }
        return new ExecutionProfile(samples, ranked(byFrame), ranked(byOwner));
    }

    /** Who wrote the code of a class, by its package. */
    static String owner(String className) {
        if (className.startsWith("dev.camelredis.streams.")) {
            return "camel-redis-streams";
        }
        if (className.startsWith("dev.camelredis.")) {
            return "benchmark harness";
        }
        if (className.startsWith("org.apache.camel.")) {
            return "Camel";
        }
        if (className.startsWith("redis.clients.")) {
            return "Jedis";
        }
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
            || className.startsWith("sun.")) {
            return "JDK";
        }
        return "other";
    }

    private static List<Count> ranked(Map<String, Long> counts) {
        List<Count> ranked = new ArrayList<>();
        counts.forEach((name, count) -> ranked.add(new Count(name, count)));
        ranked.sort(Comparator.comparingLong(Count::samples).reversed().thenComparing(Count::name));
        return ranked;
    }

    /** The profile as text: owners, then the {@code top} hottest methods, each with its share of the samples. */
    String describe(int top) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d Java samples; by owner:", samples));
        for (Count owner : ownerShares) {
            text.append(String.format(Locale.ROOT, " %s %.0f%%", owner.name(), share(owner)));
        }
        text.append(System.lineSeparator()).append("  self time, hottest methods first:").append(System.lineSeparator());
        for (Count frame : hotFrames.subList(0, Math.min(top, hotFrames.size()))) {
            text.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n", share(frame), frame.name()));
        }
        return text.toString();
    }

    private double share(Count count) {
        return samples == 0 ? 0 : 100.0 * count.samples() / samples;
    }
}
