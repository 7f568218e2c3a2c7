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
            "Jedis loop: XREADGROUP COUNT 100, one XACK per batch (reference)",
            "component consumer, concurrentConsumers=1",
            "component consumer, concurrentConsumers=2",
            "component consumer, concurrentConsumers=4",
            "component consumer, concurrentConsumers=1, batching=true",
            "Spring Data Redis StreamMessageListenerContainer (Lettuce), ack per entry",
            "Jedis pipelined XADD, 100 per sync (reference)",
            "component producer, sendBody from 1 thread",
            "component producer, sendBody from 2 threads",
            "component producer, List bodies of 10 entries");

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
        }
        assertTrue(results.latency().recorded() > 0, "no latency recorded");
        assertTrue(results.latency().p99() > 0, "no p99");
        assertEquals(4, results.heap().milestones().size(), "heap milestones");
        assertEquals(6, results.targets().size(), "targets");
        String console = printed.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("Targets"), "the console got no tables");
        assertTrue(console.contains("Profile of " + ROWS.get(1)) && console.contains("hottest methods first"),
                "the row named by bench.profile was not profiled:\n" + console);
        assertTrue(!console.contains("Profile of " + ROWS.get(2)), "a row bench.profile does not name was profiled");

        String report = Files.readString(docs.resolve(BenchmarkMain.REPORT_FILE));
        assertTrue(report.startsWith("# Benchmarks\n\nProse before.\n\n" + MarkdownReport.START), report);
        assertTrue(report.endsWith(MarkdownReport.END + "\n\nProse after.\n"), report);
        assertTrue(!report.contains("\nold\n") && report.contains(ROWS.get(1)) && report.contains("p99.9"), report);
        BufferedImage chart = ImageIO.read(docs.resolve(BenchmarkMain.CHART_FILE).toFile());
        assertNotNull(chart, "the chart is not a readable image");
        assertTrue(chart.getWidth() > 0 && chart.getHeight() > 0);
    }
}
