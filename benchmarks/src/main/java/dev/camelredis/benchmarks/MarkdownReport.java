package dev.camelredis.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's results into docs/benchmarks.md between two markers, leaving the prose around them as it is: the
 * page explains, the harness keeps the numbers current.
 */
final class MarkdownReport {

    static final String START = "<!-- results:start -->";
    static final String END = "<!-- results:end -->";

    private MarkdownReport() {
    }

    /**
     * Replaces the marked section of {@code page}; a page without the markers gets the section appended, a missing
     * page is created with only the section.
     */
    static void write(Path page, BenchmarkResults results, String chartFileName) throws IOException {
        String section = START + "\n" + render(results, chartFileName) + END;
        String current = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        Files.createDirectories(page.toAbsolutePath().getParent());
        Files.writeString(page, replaceSection(current, section), StandardCharsets.UTF_8);
    }

    static String replaceSection(String page, String section) {
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        if (start < 0 || end < start) {
            return page.isEmpty() ? section + "\n" : page.stripTrailing() + "\n\n" + section + "\n";
        }
        return page.substring(0, start) + section + page.substring(end + END.length());
    }

    static String render(BenchmarkResults results, String chartFileName) {
        RunEnvironment environment = results.environment();
        StringBuilder markdown = new StringBuilder();
        markdown.append("_Written by the benchmark harness on ").append(environment.date())
                .append("; rerun the command to refresh everything between the results markers._\n\n");
        markdown.append("| | |\n| --- | --- |\n");
        row(markdown, "command", "`" + BenchmarkMain.COMMAND + "`");
        row(markdown, "sizes", results.settings().describe());
        row(markdown, "machine", environment.cores() + " cores (" + environment.cpu() + "), " + environment.os()
                                 + ": Redis and the JVM share them");
        row(markdown, "CPU", results.cpu());
        row(markdown, "JVM", environment.jvm() + ", " + environment.heapAndGc());
        row(markdown, "Redis", environment.redis());
        row(markdown, "libraries", environment.versions());
        row(markdown, "component", environment.componentRevision());
        markdown.append('\n');

        table(markdown, ResultsTable.throughput(results));
        markdown.append("![Throughput as a ratio to the hand-written reference](").append(chartFileName).append(")\n\n");
        table(markdown, ResultsTable.latency(results.latency()));
        table(markdown, ResultsTable.heap(results.heap()));
        table(markdown, ResultsTable.targets(results.targets()));
        return markdown.toString();
    }

    private static void table(StringBuilder markdown, ResultsTable.Table table) {
        markdown.append("#### ").append(table.title()).append("\n\n").append(table.toMarkdown()).append('\n');
    }

    private static void row(StringBuilder markdown, String name, String value) {
        markdown.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
