package dev.camelredis.examples.orders;

import java.io.PrintStream;

/**
 * The run's output while it goes on: progress ticks from the main thread and events (failures, redeliveries, the hung
 * consumer) from consumer threads, each line stamped with the seconds since the start. Synchronized so that lines of
 * different threads never interleave.
 */
final class RunConsole {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    RunConsole(PrintStream out) {
        this.out = out;
    }

    /** Something that happened to one entry or consumer, marked with "!" to stand out from the ticks. */
    synchronized void event(String text) {
        out.printf("%5.1fs ! %s%n", elapsedSeconds(), text);
    }

    /** A progress report: its first line gets the time stamp, the others are indented under it. */
    synchronized void tick(String firstLine, String... moreLines) {
        out.printf("%5.1fs   %s%n", elapsedSeconds(), firstLine);
        for (String line : moreLines) {
            out.printf("         %s%n", line);
        }
    }

    synchronized void line(String text) {
        out.println(text);
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
