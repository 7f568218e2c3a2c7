package dev.camelredis.benchmarks;

/**
 * End-to-end latency of the latency run, in nanoseconds.
 *
 * @param targetRate   entries per second the producer was asked to send
 * @param achievedRate entries per second it did send during the recorded part: lower means the machine could not keep
 *                     up and the percentiles describe a lighter load
 * @param recorded     entries whose latency was recorded
 * @param otherCpu     percent of the machine's CPU other processes took during the run, NaN when the OS cannot tell:
 *                     latency suffers first when something else takes the cores
 */
record LatencyResult(int targetRate, double achievedRate, long recorded, long p50, long p99, long p999, long max,
                     double otherCpu) {
}
