package dev.camelredis.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the machine's CPU was spent while the benchmark ran: by this JVM, by the local redis-server, and by everything
 * else. On a machine shared with other work (builds, tests) every figure drops; this is where the report shows how
 * much of the machine the run did not have. Reads Linux' /proc; elsewhere it says it cannot tell.
 */
final class CpuAccounting {

    private static final Path STAT = Path.of("/proc/stat");

    private final long redisPid;
    private final long[] start;

    private CpuAccounting(long redisPid, long[] start) {
        this.redisPid = redisPid;
        this.start = start;
    }

    /**
     * @param redisPid the process ID of the Redis server when it runs on this machine; negative when it does not (its
     *                 CPU then counts as other processes')
     */
    static CpuAccounting start(long redisPid) {
        return new CpuAccounting(redisPid, available() ? read(redisPid) : null);
    }

    /** Percentages of the machine's CPU time since {@link #start}; null where /proc cannot tell. */
    record Shares(double benchmark, double redis, double others, double idle) {
    }

    Shares shares() {
        if (start == null) {
            return null;
        }
        long[] now = read(redisPid);
        double total = Math.max(1, now[0] - start[0]);
        double busy = now[1] - start[1];
        double self = now[2] - start[2];
        double redis = now[3] - start[3];
        return new Shares(100 * self / total, 100 * redis / total, 100 * Math.max(0, busy - self - redis) / total,
                100 * (total - busy) / total);
    }

    String summary() {
        Shares shares = shares();
        if (shares == null) {
            return "unknown (no /proc/stat on this OS)";
        }
        return String.format("benchmark JVM %.0f%%, redis-server %s, other processes %.0f%%, idle %.0f%% (shares of the"
                             + " machine's CPU time during the run)",
                shares.benchmark(),
                redisPid < 0 ? "(not local: counted as other)" : String.format("%.0f%%", shares.redis()),
                shares.others(), shares.idle());
    }

    /** total and busy ticks of all CPUs, ticks of this process, ticks of redis-server: all in the same unit. */
    private static long[] read(long redisPid) {
        try {
            long[] machine = machineTicks();
            return new long[] {machine[0], machine[1], processTicks("self"),
                               redisPid < 0 ? 0 : processTicks(Long.toString(redisPid))};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read CPU times from /proc: " + e, e);
        }
    }

    static boolean available() {
        return Files.isReadable(STAT);
    }

    /** Total and busy ticks of all CPUs since boot, in the unit of {@link #processTicks}. */
    static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(STAT).get(0).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest time is already part of user
        for (int i = 1; i <= 8 && i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new long[] {total, total - idle};
    }

    /**
     * utime + stime of a process (fields 14 and 15 of /proc/PID/stat; the name before them may hold spaces).
     *
     * @param pid a process ID, or "self"
     */
    static long processTicks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
