package dev.camelredis.benchmarks;

import java.io.IOException;
import java.util.List;

/**
 * CPU ticks of the scaling run's processes at one moment, from Linux' /proc: the whole machine, the consumer JVMs and
 * the Redis nodes. Two snapshots tell how many cores each kept busy in between.
 */
record CpuSnapshot(long total, long busy, long workers, long redis) {

    /** Average number of cores kept busy between two snapshots. */
    record CoresBusy(double workers, double redis, double machine) {
    }

    /** @return null where /proc cannot tell */
    static CpuSnapshot take(List<Long> workerPids, List<Long> redisPids) {
        if (!CpuAccounting.available()) {
            return null;
        }
        try {
            long[] machine = CpuAccounting.machineTicks();
            return new CpuSnapshot(machine[0], machine[1], ticks(workerPids), ticks(redisPids));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read CPU times from /proc: " + e, e);
        }
    }

    /** @return null when either snapshot is */
    static CoresBusy between(CpuSnapshot start, CpuSnapshot end, int cores) {
        if (start == null || end == null) {
            return null;
        }
        // the machine's total ticks advance by `cores` per tick of wall time
        double wallTicks = Math.max(1, end.total - start.total) / (double) cores;
        return new CoresBusy((end.workers - start.workers) / wallTicks, (end.redis - start.redis) / wallTicks,
                (end.busy - start.busy) / wallTicks);
    }

    private static long ticks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            sum += CpuAccounting.processTicks(Long.toString(pid));
        }
        return sum;
    }
}
