package dev.camelredis.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The coordinator's handle on one {@link ScalingWorker} JVM: launches it with this JVM's classpath, sends it commands
 * and reads its replies. Its stderr (Camel's and the component's log) goes to a file next to the report.
 */
final class WorkerProcess implements AutoCloseable {

    private static final long REPLY_TIMEOUT_SECONDS = 60;

    private final String name;
    private final Process process;
    private final Path log;
    private final PrintStream commands;
    private final BufferedReader replies;
    /** Reads replies with a timeout: a worker that hangs must fail the run, not block it. */
    private final ExecutorService reader;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-replies");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a worker consuming from the cluster at {@code clusterNodes} and waits until its Camel context runs.
     *
     * @param logDir where its log goes, as {@code NAME.log}
     */
    static WorkerProcess launch(String name, String clusterNodes, Path logDir, String heap) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), ScalingWorker.class.getName(), clusterNodes))
                .redirectError(log.toFile())
                .start();
        WorkerProcess worker = new WorkerProcess(name, process, log);
        try {
            worker.awaitReply(ScalingWorker.READY);
            return worker;
        } catch (Exception e) {
            worker.close();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    void send(String command) {
        commands.println(command);
    }

    /** Waits for the next reply, which must start with {@code expected}, and returns it. */
    String awaitReply(String expected) throws Exception {
        Future<String> next = reader.submit(replies::readLine);
        String reply;
        try {
            reply = next.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            next.cancel(true);
            throw new IllegalStateException(name + " did not answer '" + expected + "' within " + REPLY_TIMEOUT_SECONDS
                                            + " s; see " + log);
        }
        if (reply == null || !reply.startsWith(expected)) {
            throw new IllegalStateException(name + " answered " + (reply == null ? "nothing (it exited)" : "'" + reply + "'")
                                            + " instead of '" + expected + "'; see " + log);
        }
        return reply;
    }

    /** Ends the worker's input, which stops it, and kills it if it does not exit within 15 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        commands.close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.shutdownNow();
    }
}
