package dev.camelredis.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Records one run of a scenario with JDK Flight Recorder, on request ({@code bench.profile}), so that the hot spots
 * of a row can be read before anything is optimized. The profiled run comes after the counted repetitions and is not
 * counted: sampling costs a little CPU of its own.
 */
final class ProfiledRun {

    /** JFR's "profile" settings, with Java stacks sampled every millisecond instead of every 10 ms. */
    private static final String SETTINGS = "profile";
    /** At 10 ms a run of a second or two gave a few dozen samples, too few to rank methods. */
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(1);

    private final Path directory;

    /** @param directory where the .jfr files are kept, for {@code jfr print} or JDK Mission Control */
    ProfiledRun(Path directory) {
        this.directory = directory;
    }

    /** Runs {@code work} under a recording and reads what it recorded. */
    ExecutionProfile record(String name, ThrowingRunnable work) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(name));
        try (Recording recording = new Recording(settings())) {
            recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
            recording.start();
            try {
                work.run();
            } finally {
                recording.stop();
                recording.dump(file);
            }
        }
        return ExecutionProfile.read(file);
    }

    Path fileFor(String name) {
        return directory.resolve(fileName(name));
    }

    private static String fileName(String scenarioName) {
        return scenarioName.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".jfr";
    }

    private static Map<String, String> settings() throws java.io.IOException, ParseException {
        return Configuration.getConfiguration(SETTINGS).getSettings();
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
