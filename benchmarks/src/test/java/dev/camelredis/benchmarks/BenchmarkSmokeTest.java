package dev.camelredis.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the whole harness with tiny sizes, so that a change that breaks a scenario, the table or the report shows up in
 * the build. The real benchmark only runs with -Pbench; nothing here measures anything.
 */
class BenchmarkSmokeTest {

    private static final List<String> ROWS = List.of(
            "Jedis loop on 1 thread: XREADGROUP COUNT 100, one XACK per batch (baseline)",
            "component consumer, concurrentConsumers=1",
            "component consumer, concurrentConsumers=1, batching=true",
            "Spring Data Redis StreamMessageListenerContainer (Lettuce), ack per entry",
            "Jedis loop on 2 threads: XREADGROUP COUNT 100, one XACK per batch (baseline)",
            "component consumer, concurrentConsumers=2",
            "Jedis XADD round trips from 1 thread (baseline)",
            "component producer, sendBody from 1 thread",
            "Jedis XADD round trips from 2 threads, a connection each (baseline)",
            "component producer, sendBody from 2 threads",
            "Jedis pipelined XADD from 1 thread, 100 per sync (baseline)",
            "component producer, List bodies of 10 entries");

    /** The targets, each against the baseline row of the same work (numbers of {@link #ROWS}, from 1). */
    private static final List<String> TARGETS = List.of(
            "#2 vs #1: component consumer, concurrentConsumers=1",
            "#2 vs #1: JVM CPU per entry of component consumer, concurrentConsumers=1",
            "#3 vs #1: component consumer, concurrentConsumers=1, batching=true",
            "#6 vs #5: component consumer, concurrentConsumers=2",
            "#8 vs #7: component producer, sendBody from 1 thread",
            "#10 vs #9: component producer, sendBody from 2 threads",
            "#12 vs #11: component producer, List bodies of 10 entries",
            "p99 end-to-end latency at 500 entries/s",
            "heap flat over the 2,000-entry consumer run");

    @Test
    void runsEveryScenarioAndWritesTheReport(@TempDir Path docs) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Properties properties = new Properties();
        properties.setProperty("bench.entries", "1000");
        properties.setProperty("bench.repetitions", "1");
        properties.setProperty("bench.producerThreads", "2");
        properties.setProperty("bench.listSize", "10");
        properties.setProperty("bench.latencyRate", "500");
        properties.setProperty("bench.latencyWarmupSeconds", "0.2");
        properties.setProperty("bench.latencySeconds", "0.5");
        properties.setProperty("bench.heapEntries", "2000");
        properties.setProperty("bench.docsDir", docs.toString());
        properties.setProperty("bench.profile", "CONCURRENTCONSUMERS=1");
        Files.writeString(docs.resolve(BenchmarkMain.REPORT_FILE),
                "# Benchmarks\n\nProse before.\n\n" + MarkdownReport.START + "\nold\n" + MarkdownReport.END + "\n\nProse after.\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        BenchmarkResults results = BenchmarkMain.run(BenchmarkSettings.from(properties),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String table = ResultsTable.throughput(results).toText();
        for (String row : ROWS) {
            assertTrue(table.contains(row), () -> "no row '" + row + "' in\n" + table);
        }
        assertEquals(ROWS.size(), results.throughput().size());
        for (ThroughputResult row : results.throughput()) {
            assertTrue(row.supported(), row.name() + " is reported as not supported: " + row.unsupported());
            assertTrue(row.median() > 0, row.name() + " has no positive rate");
            // present, not positive: the JVM counts CPU time in clock ticks (10 ms), longer than a tiny repetition
            assertTrue(row.medianCpuMicros().isPresent(), row.name() + " has no JVM CPU per entry");
            assertTrue(row.baselineRow() == (row.baseline() == null), row.name() + " is a baseline or has one, not both");
            assertTrue(results.ratioToBaseline(row).orElse(0) > 0, row.name() + " has no ratio to its baseline");
        }
        assertTrue(results.latency().recorded() > 0, "no latency recorded");
        assertTrue(results.latency().p99() > 0, "no p99");
        assertEquals(4, results.heap().milestones().size(), "heap milestones");
        assertEquals(TARGETS, results.targets().stream().map(Target::name).toList(), "targets");
        for (Target target : results.targets()) {
            assertTrue(!target.measured().contains("n/a"), target.name() + " was not measured: " + target.measured());
            if (target.name().contains("JVM CPU")) {
                assertTrue(target.measured().matches(".*\\d µs vs \\d+\\.\\d µs per entry.*"),
                        target.name() + " does not show both rows' CPU: " + target.measured());
            }
        }
        String console = printed.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("Targets"), "the console got no tables");
        assertTrue(console.contains("Profile of " + ROWS.get(1)) && console.contains("hottest methods first"),
                "the row named by bench.profile was not profiled:\n" + console);
        assertTrue(!console.contains("Profile of " + ROWS.get(5)), "a row bench.profile does not name was profiled");

        String report = Files.readString(docs.resolve(BenchmarkMain.REPORT_FILE));
        assertTrue(report.startsWith("# Benchmarks\n\nProse before.\n\n" + MarkdownReport.START), report);
        assertTrue(report.endsWith(MarkdownReport.END + "\n\nProse after.\n"), report);
        assertTrue(!report.contains("\nold\n") && report.contains("p99.9"), report);
        for (String row : ROWS) {
            assertTrue(report.contains(row), "the report has no row " + row);
        }
        for (String target : TARGETS) {
            assertTrue(report.contains(target), "the report has no target " + target);
        }
        BufferedImage chart = ImageIO.read(docs.resolve(BenchmarkMain.CHART_FILE).toFile());
        assertNotNull(chart, "the chart is not a readable image");
        assertTrue(chart.getWidth() > 0 && chart.getHeight() > 0);
    }
}
