package dev.camelredis.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The scaling run's table, for the terminal and for its own marked section of docs/benchmarks.md.
 */
final class ScalingReport {

    static final String START = "<!-- scaling:start -->";
    static final String END = "<!-- scaling:end -->";

    private ScalingReport() {
    }

    /**
     * The first configuration is the reference. Efficiency divides the speed-up by the cores the configuration could
     * use at most: one per consumer process, no more than the machine has.
     */
    static ResultsTable.Table table(ScalingSettings settings, RunEnvironment environment, List<ScalingResult> results) {
        ScalingResult reference = results.get(0);
        List<List<String>> rows = new ArrayList<>();
        for (ScalingResult result : results) {
            double speedUp = result.median() / reference.median();
            double usableCores = Math.min(result.count(), environment.cores()) / (double) Math.min(reference.count(),
                    environment.cores());
            double coresBusy = result.coresBusy();
            rows.add(List.of(
                    Integer.toString(result.count()),
                    Integer.toString(result.primaries()),
                    String.format("%,.0f", result.median()),
                    result == reference ? "1.00 (reference)" : String.format("%.2f", speedUp),
                    String.format("%.0f%%", 100 * speedUp / usableCores),
                    Double.isNaN(coresBusy) ? "unknown" : String.format("%.2f", coresBusy),
                    Double.isNaN(coresBusy) ? "unknown" : String.format("%,.0f", result.median() / coresBusy),
                    result.rates().stream().map(rate -> String.format("%,.0f", rate)).collect(Collectors.joining(" / "))));
        }
        return new ResultsTable.Table(String.format("Scaling over shards and consumer processes (%,d entries per"
                                                    + " repetition, median of %d)", settings.entries(),
                        settings.repetitions()),
                List.of("shards = consumer processes", "primaries holding them", "entries/s", "x first row",
                        "efficiency (x per usable core)", "cores busy (consumers + Redis)", "entries per busy core-second",
                        "repetitions (entries/s)"),
                rows);
    }

    /** How busy the whole machine was, per configuration: on a small machine, the cap on any speed-up. */
    static String machineBusy(RunEnvironment environment, List<ScalingResult> results) {
        if (results.stream().anyMatch(result -> result.cpu().isEmpty())) {
            return "unknown (no /proc/stat on this OS)";
        }
        return results.stream()
                .map(result -> String.format("%d: %.2f", result.count(), ThroughputResult.median(
                        result.cpu().stream().map(CpuSnapshot.CoresBusy::machine).toList())))
                .collect(Collectors.joining(", ", "cores busy on the whole machine (median repetition), per configuration: ",
                        " of " + environment.cores()));
    }

    static void write(Path page, RunEnvironment environment, ScalingSettings settings, String cpu,
                      ResultsTable.Table table) throws IOException {
        StringBuilder markdown = new StringBuilder();
        markdown.append("_Written by the scaling run on ").append(environment.date())
                .append("; rerun its command to refresh everything between the scaling markers._\n\n");
        MarkdownReport.environmentTable(markdown, environment, BenchmarkMain.SCALING_COMMAND, settings.describe(), cpu);
        MarkdownReport.table(markdown, table);
        MarkdownReport.writeSection(page, START, END, markdown.toString());
    }
}
