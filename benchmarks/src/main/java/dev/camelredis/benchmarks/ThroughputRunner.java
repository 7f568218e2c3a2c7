package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the throughput scenarios of one section. Each gets one untimed warm-up repetition of the full size (so that
 * the JIT has compiled its paths before the first counted one), then the counted repetitions run round
 * robin, one of each scenario in turn: when something else on the machine takes CPU for a while, it slows one
 * repetition of several rows instead of every repetition of one row, and the medians and ratios stay comparable.
 * Every repetition runs on a fresh stream and is checked: consumers must leave nothing pending, producers must have
 * added every entry.
 */
final class ThroughputRunner {

    /** Where profiled runs keep their recordings: the benchmark runs in the benchmarks module's directory. */
    private static final Path PROFILE_DIRECTORY = Path.of("target", "profiles");
    private static final int HOT_FRAMES_SHOWN = 25;

    private final StreamFixture streams;
    private final BenchmarkSettings settings;
    private final long redisPid;
    private final PrintStream out;

    /**
     * @param redisPid the local redis-server's process ID, negative when Redis is elsewhere; used to tell how much CPU
     *                 other processes took during each repetition
     */
    ThroughputRunner(StreamFixture streams, BenchmarkSettings settings, long redisPid, PrintStream out) {
        this.streams = streams;
        this.settings = settings;
        this.redisPid = redisPid;
        this.out = out;
    }

    /** @return a result per scenario, in the given order */
    Map<Scenario, ThroughputResult> measure(List<Scenario> scenarios) throws Exception {
        Map<Scenario, ThroughputResult> results = new LinkedHashMap<>();
        List<Scenario> runnable = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Optional<String> unsupported = scenario.unsupportedReason();
            if (unsupported.isPresent()) {
                out.printf("%s: not supported (%s)%n", scenario.name(), unsupported.get());
                results.put(scenario, ThroughputResult.unsupported(scenario, unsupported.get()));
            } else {
                runnable.add(scenario);
            }
        }
        // with a tenth of the entries, the first timed repetition of every row still ran a third slower
        for (Scenario scenario : runnable) {
            repeatOnce(scenario, settings.entries());
        }
        Map<Scenario, List<Double>> rates = new LinkedHashMap<>();
        Map<Scenario, List<Double>> cpuMicros = new LinkedHashMap<>();
        Map<Scenario, List<Double>> otherCpu = new LinkedHashMap<>();
        for (int repetition = 1; repetition <= settings.repetitions(); repetition++) {
            for (Scenario scenario : runnable) {
                CpuAccounting cpu = CpuAccounting.start(redisPid);
                Timed timed = repeatOnce(scenario, settings.entries());
                CpuAccounting.Shares shares = cpu.shares();
                rates.computeIfAbsent(scenario, s -> new ArrayList<>()).add(timed.perSecond());
                if (!Double.isNaN(timed.cpuMicrosPerEntry())) {
                    cpuMicros.computeIfAbsent(scenario, s -> new ArrayList<>()).add(timed.cpuMicrosPerEntry());
                }
                if (shares != null) {
                    otherCpu.computeIfAbsent(scenario, s -> new ArrayList<>()).add(shares.others());
                }
                out.printf("%s, run %d/%d: %,.0f entries/s (%,d entries in %,.0f ms, JVM CPU %.1f µs per entry%s)%n",
                        scenario.name(), repetition, settings.repetitions(), timed.perSecond(), timed.entries(),
                        timed.nanos() / 1e6, timed.cpuMicrosPerEntry(),
                        shares == null ? "" : String.format(", other processes took %.0f%% of the CPU", shares.others()));
            }
        }
        for (Scenario scenario : runnable) {
            if (settings.profiles(scenario.name())) {
                profile(scenario);
            }
        }
        for (Scenario scenario : runnable) {
            results.put(scenario, ThroughputResult.measured(scenario, rates.get(scenario),
                    cpuMicros.getOrDefault(scenario, List.of()), otherCpu.getOrDefault(scenario, List.of())));
        }
        Map<Scenario, ThroughputResult> ordered = new LinkedHashMap<>();
        scenarios.forEach(scenario -> ordered.put(scenario, results.get(scenario)));
        return ordered;
    }

    private void profile(Scenario scenario) throws Exception {
        ProfiledRun profiler = new ProfiledRun(PROFILE_DIRECTORY);
        ExecutionProfile[] profile = new ExecutionProfile[1];
        repeatOnce(scenario, settings.entries(), (key, entries) -> {
            Timed[] timed = new Timed[1];
            profile[0] = profiler.record(scenario.name(), () -> timed[0] = scenario.run(key, entries));
            return timed[0];
        });
        out.printf("Profile of %s (one more run, not counted; %s):%n%s%n", scenario.name(),
                profiler.fileFor(scenario.name()), profile[0].describe(HOT_FRAMES_SHOWN));
    }

    private Timed repeatOnce(Scenario scenario, int entries) throws Exception {
        return repeatOnce(scenario, entries, scenario::run);
    }

    /** @param run the scenario's timed part; a profiled run wraps it, so that preparing the stream is not profiled */
    private Timed repeatOnce(Scenario scenario, int entries, TimedPart run) throws Exception {
        String key = StreamFixture.freshKey(scenario.section().name().toLowerCase());
        try {
            if (scenario.section() == Scenario.Section.CONSUME) {
                streams.prefill(key, entries);
            }
            Timed timed = run.run(key, entries);
            check(scenario, key, entries, timed);
            return timed;
        } finally {
            streams.delete(key);
        }
    }

    private void check(Scenario scenario, String key, int entries, Timed timed) {
        if (scenario.section() == Scenario.Section.CONSUME) {
            long pending = streams.pending(key);
            if (timed.entries() != entries || pending != 0) {
                throw new IllegalStateException(scenario.name() + " consumed " + timed.entries() + " of " + entries
                                                + " entries and left " + pending + " pending");
            }
        } else {
            long length = streams.length(key);
            if (length != entries) {
                throw new IllegalStateException(scenario.name() + " added " + length + " of " + entries + " entries");
            }
        }
    }

    @FunctionalInterface
    private interface TimedPart {
        Timed run(String streamKey, int entries) throws Exception;
    }
}
