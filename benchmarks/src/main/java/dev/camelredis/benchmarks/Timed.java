package dev.camelredis.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * What one repetition did, how long it took and how much CPU time this JVM spent meanwhile (all its threads: the
 * scenario's, the component's background threads, JIT and GC), so that rows can be compared by CPU per entry as well.
 *
 * @param cpuNanos CPU time of this process during the repetition, counted by the OS in clock ticks (10 ms on Linux:
 *                 about 1 % of a repetition of 200,000 entries); negative when the JVM cannot tell
 */
record Timed(long entries, long nanos, long cpuNanos) {

    /** The clocks at the start of a timed part. */
    record Start(long nanos, long cpuNanos) {
    }

    static Start start() {
        return new Start(System.nanoTime(), processCpuNanos());
    }

    static Timed since(Start start, long entries) {
        long cpu = processCpuNanos();
        return new Timed(entries, System.nanoTime() - start.nanos(),
                cpu < 0 || start.cpuNanos() < 0 ? -1 : cpu - start.cpuNanos());
    }

    double perSecond() {
        return entries * 1e9 / nanos;
    }

    /** @return NaN when the JVM cannot tell its CPU time */
    double cpuMicrosPerEntry() {
        return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / entries;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
