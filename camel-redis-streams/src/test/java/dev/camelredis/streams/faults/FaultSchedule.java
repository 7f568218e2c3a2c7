package dev.camelredis.streams.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.camelredis.streams.faults.History.FaultKind;

/**
 * The faults of a run, drawn from its seed before the run starts, so that the same seed and duration give the same
 * schedule: a fault every 1 to 3.5 s, every kind once in a shuffled order first (so that a short run still meets each),
 * then kinds drawn by weight; its length and its target (which stream, which consumer) are drawn with it. The interleaving with the consumers' work is not reproducible (threads, a loaded CPU), the
 * schedule is: print it with the seed when a run fails.
 */
record FaultSchedule(long seed, long durationMillis, List<Planned> faults) {

    /**
     * @param atMillis       when to start it, from the start of the run
     * @param lengthMillis   how long it lasts (a pause, an outage, a window), 0 for a single blow
     * @param target         picks the stream or consumer it hits (modulo their number)
     */
    record Planned(long atMillis, FaultKind kind, long lengthMillis, int target) {

        @Override
        public String toString() {
            return String.format("+%.1fs %s%s target=%d", atMillis / 1000.0, kind,
                    lengthMillis > 0 ? " for " + lengthMillis + " ms" : "", target);
        }
    }

    /**
     * GROUP_DESTROY comes once, in the first round: the group created again reads the whole stream again, and in a
     * long run these re-reads would crowd out everything else.
     */
    private static final Map<FaultKind, Integer> WEIGHTS = Map.of(
            FaultKind.CLIENT_KILL, 3, FaultKind.CLIENT_PAUSE, 2, FaultKind.REDIS_RESTART, 2, FaultKind.JVM_KILL, 2,
            FaultKind.CONTEXT_RESTART, 2, FaultKind.ROUTE_FAILURES, 3, FaultKind.SLOW_EXCHANGES, 2, FaultKind.XDEL, 2,
            FaultKind.GROUP_DESTROY, 0, FaultKind.DEAD_LETTER_BROKEN, 2);

    static FaultSchedule draw(long seed, long durationMillis) {
        Random random = new Random(seed);
        List<FaultKind> firstRound = new ArrayList<>(List.of(FaultKind.values()));
        Collections.shuffle(firstRound, random);
        List<Planned> faults = new ArrayList<>();
        for (long at = 2000 + random.nextInt(2500); at <= durationMillis - 1000; at += 1000 + random.nextInt(2500)) {
            FaultKind kind = faults.size() < firstRound.size() ? firstRound.get(faults.size()) : byWeight(random);
            faults.add(new Planned(at, kind, lengthOf(kind, random), random.nextInt(1000)));
        }
        return new FaultSchedule(seed, durationMillis, List.copyOf(faults));
    }

    private static FaultKind byWeight(Random random) {
        int pick = random.nextInt(WEIGHTS.values().stream().mapToInt(Integer::intValue).sum());
        for (FaultKind kind : FaultKind.values()) {
            pick -= WEIGHTS.get(kind);
            if (pick < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }

    private static long lengthOf(FaultKind kind, Random random) {
        return switch (kind) {
            case CLIENT_PAUSE -> 300 + random.nextInt(1200);
            case REDIS_RESTART -> 200 + random.nextInt(800);
            case ROUTE_FAILURES -> 500 + random.nextInt(1000);
            case SLOW_EXCHANGES -> 300 + random.nextInt(500);
            case DEAD_LETTER_BROKEN -> 1500 + random.nextInt(2500);
            default -> 0;
        };
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("fault schedule of seed " + seed + " over " + durationMillis + " ms ("
                                               + faults.size() + " faults):\n");
        faults.forEach(f -> text.append("  ").append(f).append('\n'));
        return text.toString();
    }
}
