package dev.camelredis.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the scaling run with tiny sizes on a real local cluster and consumer processes, so that a change that breaks
 * it, its table or its report section shows up in the build. Nothing here measures anything: the run itself checks
 * that every configuration drained its shards and routed each entry once.
 */
class ScalingSmokeTest {

    @Test
    void runsEachConfigurationAndWritesItsSection(@TempDir Path docs) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("bench.entries", "3001");
        properties.setProperty("bench.repetitions", "1");
        properties.setProperty("bench.scalingCounts", "1,2");
        properties.setProperty("bench.docsDir", docs.toString());
        Path page = docs.resolve(BenchmarkMain.REPORT_FILE);
        Files.writeString(page, "# Benchmarks\n\n" + MarkdownReport.START + "\nsingle server\n" + MarkdownReport.END
                                + "\n\n## Scaling\n\n" + ScalingReport.START + "\nold\n" + ScalingReport.END + "\n\nProse after.\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ScalingResult> results = ScalingBenchmark.run(ScalingSettings.from(properties),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(List.of(1, 2), results.stream().map(ScalingResult::count).toList());
        for (ScalingResult result : results) {
            assertEquals(1, result.rates().size(), "one repetition each");
            assertTrue(result.median() > 0, result + " has no positive rate");
            assertTrue(result.primaries() >= 1 && result.primaries() <= result.count(), result.toString());
        }
        String report = Files.readString(page);
        assertTrue(report.contains("\nsingle server\n") && report.endsWith(ScalingReport.END + "\n\nProse after.\n"),
                "the single-server section and the prose stay as they were: " + report);
        assertTrue(!report.contains("\nold\n") && report.contains("Scaling over shards and consumer processes (3,001")
                   && report.contains(BenchmarkMain.SCALING_COMMAND), report);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("2 shards, 2 consumer processes, run 1/1"),
                printed.toString(StandardCharsets.UTF_8));
    }
}
