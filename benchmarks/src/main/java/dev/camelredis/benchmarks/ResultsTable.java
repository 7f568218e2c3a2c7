package dev.camelredis.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The tables of a run, built once and rendered both for the terminal and for the Markdown report, so that the two
 * never disagree.
 */
final class ResultsTable {

    static final String NOT_SUPPORTED = "n/a (not supported)";

    private ResultsTable() {
    }

    /** One table: a title, a header and rows of cells. */
    record Table(String title, List<String> header, List<List<String>> rows) {

        String toText() {
            int[] widths = new int[header.size()];
            for (List<String> row : withHeader()) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            StringBuilder text = new StringBuilder(title).append('\n');
            List<List<String>> all = withHeader();
            for (int r = 0; r < all.size(); r++) {
                List<String> row = all.get(r);
                for (int i = 0; i < row.size(); i++) {
                    text.append(i == 0 ? "  " : "  |  ").append(pad(row.get(i), widths[i]));
                }
                text.append('\n');
                if (r == 0) {
                    text.append("  ").append("-".repeat(sum(widths) + 5 * (widths.length - 1))).append('\n');
                }
            }
            return text.toString();
        }

        String toMarkdown() {
            StringBuilder markdown = new StringBuilder();
            markdown.append(markdownRow(header));
            markdown.append(header.stream().map(cell -> "---").collect(Collectors.joining(" | ", "| ", " |\n")));
            rows.forEach(row -> markdown.append(markdownRow(row)));
            return markdown.toString();
        }

        private List<List<String>> withHeader() {
            List<List<String>> all = new ArrayList<>();
            all.add(header);
            all.addAll(rows);
            return all;
        }

        private static String markdownRow(List<String> cells) {
            return cells.stream().map(cell -> cell.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
        }

        private static String pad(String cell, int width) {
            return cell + " ".repeat(width - cell.length());
        }

        private static int sum(int[] values) {
            int total = 0;
            for (int value : values) {
                total += value;
            }
            return total;
        }
    }

    static List<Table> of(BenchmarkResults results) {
        return List.of(throughput(results), latency(results.latency()), heap(results.heap()), targets(results.targets()));
    }

    static Table throughput(BenchmarkResults results) {
        List<List<String>> rows = new ArrayList<>();
        int number = 0;
        for (ThroughputResult row : results.throughput()) {
            number++;
            if (!row.supported()) {
                rows.add(List.of(Integer.toString(number), row.section().label(), row.name(), NOT_SUPPORTED,
                        NOT_SUPPORTED, "", "", ""));
                continue;
            }
            String repetitions = row.rates().stream().map(rate -> String.format("%,.0f", rate))
                    .collect(Collectors.joining(" / "));
            String otherCpu = row.otherCpu().isEmpty() ? "unknown"
                    : row.otherCpu().stream().map(share -> String.format("%.0f%%", share)).collect(Collectors.joining(" / "));
            rows.add(List.of(Integer.toString(number), row.section().label(), row.name(),
                    String.format("%,.0f", row.median()), ratioCell(results, row), Target.micros(row.medianCpuMicros()),
                    repetitions, otherCpu));
        }
        return new Table(String.format("Throughput (%,d entries per repetition, median of %d)",
                results.settings().entries(), results.settings().repetitions()),
                List.of("#", "", "scenario", "entries/s", "x baseline", "JVM CPU per entry", "repetitions (entries/s)",
                        "CPU taken by other processes"), rows);
    }

    /** "0.62 x #1 (goal >= 0.9)": the ratio, the baseline's row number and what the issue asks. */
    private static String ratioCell(BenchmarkResults results, ThroughputResult row) {
        if (row.baseline() == null) {
            return "1.00 (baseline)";
        }
        OptionalDouble ratio = results.ratioToBaseline(row);
        return String.format("%s #%d (%s)", Target.format(ratio), results.rowNumber(row.baseline()),
                Double.isNaN(row.goal()) ? "for scale" : "goal >= " + row.goal());
    }

    static Table latency(LatencyResult latency) {
        return new Table("End-to-end latency, XADD to route (one consumer)",
                List.of("rate asked", "rate sent", "entries recorded", "p50", "p99", "p99.9", "max",
                        "CPU taken by other processes"),
                List.of(List.of(String.format("%,d/s", latency.targetRate()), String.format("%,.0f/s", latency.achievedRate()),
                        String.format("%,d", latency.recorded()), millis(latency.p50()), millis(latency.p99()),
                        millis(latency.p999()), millis(latency.max()),
                        Double.isNaN(latency.otherCpu()) ? "unknown" : String.format("%.0f%%", latency.otherCpu()))));
    }

    static Table heap(HeapResult heap) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("start (after System.gc())", "", HeapScenario.mib(heap.liveAtStart())));
        for (HeapResult.Milestone milestone : heap.milestones()) {
            rows.add(List.of(milestone.percent() + "% routed", HeapScenario.mib(milestone.used()),
                    HeapScenario.mib(milestone.afterLastGc())));
        }
        rows.add(List.of("peak (sampled every 100 ms)", HeapScenario.mib(heap.peakUsed()), ""));
        return new Table(String.format("Heap of the consumer over %,d entries (%,.0f entries/s, max heap %s)",
                heap.entries(), heap.entriesPerSecond(), HeapScenario.mib(heap.maxHeap())),
                List.of("progress", "heap used", "heap after last GC"), rows);
    }

    static Table targets(List<Target> targets) {
        return new Table("Targets",
                List.of("target", "goal", "measured", "verdict"),
                targets.stream().map(target -> List.of(target.name(), target.goal(), target.measured(), target.verdict()))
                        .toList());
    }

    private static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }
}
