package dev.camelredis.benchmarks;

/**
 * What one repetition did and how long it took.
 */
record Timed(long entries, long nanos) {

    static Timed since(long startNanos, long entries) {
        return new Timed(entries, System.nanoTime() - startNanos);
    }

    double perSecond() {
        return entries * 1e9 / nanos;
    }
}
