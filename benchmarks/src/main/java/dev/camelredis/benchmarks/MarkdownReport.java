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
        writeSection(page, START, END, render(results, chartFileName));
    }

    /**
     * Replaces what lies between the markers {@code start} and {@code end} of {@code page} with {@code content}; a page
     * without the markers gets them and the content appended, a missing page is created with only them.
     */
    static void writeSection(Path page, String start, String end, String content) throws IOException {
        String current = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        Files.createDirectories(page.toAbsolutePath().getParent());
        Files.writeString(page, replaceSection(current, start, end, start + "\n" + content + end),
                StandardCharsets.UTF_8);
    }

    private static String replaceSection(String page, String startMarker, String endMarker, String section) {
        int start = page.indexOf(startMarker);
        int end = page.indexOf(endMarker);
        if (start < 0 || end < start) {
            return page.isEmpty() ? section + "\n" : page.stripTrailing() + "\n\n" + section + "\n";
        }
        return page.substring(0, start) + section + page.substring(end + endMarker.length());
    }

    static String render(BenchmarkResults results, String chartFileName) {
        RunEnvironment environment = results.environment();
        StringBuilder markdown = new StringBuilder();
        markdown.append("_Written by the benchmark harness on ").append(environment.date())
                .append("; rerun the command to refresh everything between the results markers._\n\n");
        environmentTable(markdown, environment, BenchmarkMain.COMMAND, results.settings().describe(), results.cpu());

        table(markdown, ResultsTable.throughput(results));
        markdown.append("![Throughput as a ratio to each row's hand-written baseline](").append(chartFileName)
                .append(")\n\n");
        table(markdown, ResultsTable.latency(results.latency()));
        table(markdown, ResultsTable.heap(results.heap()));
        table(markdown, ResultsTable.targets(results.targets()));
        return markdown.toString();
    }

    /** What was run where: the table that heads every results section. */
    static void environmentTable(StringBuilder markdown, RunEnvironment environment, String command, String sizes,
                                 String cpu) {
        markdown.append("| | |\n| --- | --- |\n");
        row(markdown, "command", "`" + command + "`");
        row(markdown, "sizes", sizes);
        row(markdown, "machine", environment.cores() + " cores (" + environment.cpu() + "), " + environment.os()
                                 + ": Redis and the JVMs share them");
        row(markdown, "CPU", cpu);
        row(markdown, "JVM", environment.jvm() + ", " + environment.heapAndGc());
        row(markdown, "Redis", environment.redis());
        row(markdown, "libraries", environment.versions());
        row(markdown, "component", environment.componentRevision());
        markdown.append('\n');
    }

    static void table(StringBuilder markdown, ResultsTable.Table table) {
        markdown.append("#### ").append(table.title()).append("\n\n").append(table.toMarkdown()).append('\n');
    }

    private static void row(StringBuilder markdown, String name, String value) {
        markdown.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
