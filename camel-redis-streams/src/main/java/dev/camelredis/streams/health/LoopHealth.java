package dev.camelredis.streams.health;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which loops of a consumer (readers, ack path, reclaimer, renewer) or a producer (its pipeline) are failing right now,
 * since when, and with what error. Health checks read it; the loops write it.
 */
public final class LoopHealth {

    /** A loop that is failing: its first failure of the current run of failures, and its last error. */
    public record Failure(String loop, long sinceMillis, String lastError) {
    }

    private final Map<String, Failure> failing = new ConcurrentHashMap<>();

    public void failed(String loop, String error) {
        failing.compute(loop, (name, previous) -> new Failure(name,
                previous == null ? System.currentTimeMillis() : previous.sinceMillis(), error));
    }

    public void recovered(String loop) {
        failing.remove(loop);
    }

    /**
     * The loop failing the longest, if any is failing.
     */
    public Optional<Failure> oldestFailure() {
        return failing.values().stream().min((a, b) -> Long.compare(a.sinceMillis(), b.sinceMillis()));
    }

    public int failingLoops() {
        return failing.size();
    }
}
