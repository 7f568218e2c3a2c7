package dev.camelredis.testservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A redis-server process owned by this JVM, listening on 127.0.0.1 with its data in a temporary directory. Tests can
 * kill, stop and restart it on the same port to exercise failures.
 */
public final class LocalRedisServer implements RedisTestServer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedisServer.class);

    private static final String HOST = "localhost";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** redis-server checks for a requested shutdown every 100 ms: most stops take one SIGTERM. */
    private static final Duration SIGTERM_REPEAT = Duration.ofMillis(500);
    private static final long POLL_MILLIS = 50;
    /** A free port may be taken by someone else before redis-server binds it; then another free port is tried. */
    private static final int FIRST_START_ATTEMPTS = 3;
    /** A restart must keep its port, so it waits for the port to become free again. */
    private static final int RESTART_ATTEMPTS = 5;
    private static final long RESTART_BACKOFF_MILLIS = 200;
    private static final int LOG_TAIL_LINES = 30;
    /**
     * How redis-server logs a failed bind: strerror(EADDRINUSE) reads "Address already in use" with glibc (Debian's
     * redis-server and valkey-server) and "Address in use" with musl (the statically linked embedded-redis binary).
     */
    static final Pattern PORT_TAKEN_LOG = Pattern.compile("bind: Address (already )?in use");

    private final Path binary;
    private final LocalRedisOptions options;
    private final Path directory;
    private final Path logFile;
    private final Path outputFile;
    /** The same instance must be registered and unregistered. */
    private final Runnable exitCleanup = this::destroyAtExit;

    private TlsMaterial tlsMaterial;
    private int port;
    /** The cluster bus port of a cluster node, else 0. */
    private int clusterBusPort;
    private Endpoint endpoint;
    private String version;
    /** Volatile because the JVM exit cleanup reads it without taking the lock that a hung start may hold. */
    private volatile Process process;
    private boolean closed;

    private LocalRedisServer(Path binary, LocalRedisOptions options, Path directory) {
        this.binary = binary;
        this.options = options;
        this.directory = directory;
        this.logFile = directory.resolve("redis.log");
        this.outputFile = directory.resolve("redis.out");
        JvmExitCleanup.register(exitCleanup);
    }

    /** Starts redis-server on a free port with a new temporary data directory and waits until it answers PING. */
    public static LocalRedisServer start(LocalRedisOptions options) {
        Objects.requireNonNull(options, "options");
        Path binary = findBinary();
        Path directory;
        try {
            directory = Files.createTempDirectory("redis-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for redis-server", e);
        }
        LocalRedisServer server = new LocalRedisServer(binary, options, directory);
        try {
            server.startOnFreePort();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The redis-server to run: {@code -Dredis.server}, else {@code redis-server} on the PATH, else the binary
     * shipped in the embedded-redis jar, whichever runs first.
     *
     * @throws IllegalStateException naming why each of the three does not work
     */
    public static Path findBinary() {
        return RedisBinary.find();
    }

    private synchronized void startOnFreePort() {
        if (options.isTls()) {
            tlsMaterial = options.sharedTls() != null
                    ? options.sharedTls()
                    : TlsMaterial.generate(directory.resolve("tls"));
        }
        try {
            options.writeFiles(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the files of redis-server into " + directory, e);
        }
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(options.isClusterEnabled() ? 2 : 1);
            port = ports[0];
            clusterBusPort = options.isClusterEnabled() ? ports[1] : 0;
            endpoint = tlsMaterial == null
                    ? Endpoint.plain(HOST, port)
                    : Endpoint.tls(HOST, port, tlsMaterial);
            try {
                version = launch();
                break;
            } catch (PortTakenException e) {
                if (attempt == FIRST_START_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Port {} was taken before redis-server could bind it, trying another", port);
            }
        }
        LOG.info("Started redis-server {} from {} on port {}{} ({}), data in {}", version, binary, port,
                clusterBusPort == 0 ? "" : " and cluster bus port " + clusterBusPort, options, directory);
    }

    /** Restarts the stopped or killed server on the same port, with the same configuration and data directory. */
    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("redis-server on port " + port + " has been closed");
        }
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                LOG.info("Restarted redis-server on port {}", port);
                return;
            } catch (PortTakenException e) {
                if (attempt == RESTART_ATTEMPTS) {
                    throw e;
                }
                sleep(RESTART_BACKOFF_MILLIS * attempt);
            }
        }
    }

    /** Kills redis-server with SIGKILL and waits until it is gone; does nothing when it is not running. */
    @Override
    public synchronized void kill() {
        Process running = process;
        if (running != null) {
            destroyForcibly(running);
            process = null;
            LOG.info("Killed redis-server on port {}", port);
        }
    }

    /** Stops redis-server with SIGTERM, which makes it shut down gracefully; does nothing when it is not running. */
    @Override
    public synchronized void stop() {
        Process running = process;
        if (running != null) {
            if (!terminate(running)) {
                LOG.warn("redis-server on port {} ignored SIGTERM for {} s, killing it",
                        port, EXIT_TIMEOUT.toSeconds());
                destroyForcibly(running);
            }
            process = null;
            LOG.info("Stopped redis-server on port {}", port);
        }
    }

    /** Stops redis-server and deletes its temporary directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            JvmExitCleanup.unregister(exitCleanup);
            deleteRecursively(directory);
        }
    }

    /**
     * Closes every server even when closing one fails.
     *
     * @param failure the failure to add the closing failures to, or null to throw the first of them
     */
    static void closeAll(List<LocalRedisServer> servers, RuntimeException failure) {
        RuntimeException first = failure;
        for (LocalRedisServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (failure == null && first != null) {
            throw first;
        }
    }

    /** Whether the process runs: it was started and has neither been killed, stopped nor closed since. */
    public boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /**
     * Opens a single connection, speaking RESP2; the caller closes it. Useful for commands whose effect belongs to
     * the connection, like {@code WAIT}, which waits for the replicas to acknowledge this connection's writes only.
     */
    public Jedis connect() {
        return endpoint.connect();
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /** The port of the cluster bus, which cluster nodes use to talk to each other; 0 unless a cluster node. */
    int clusterBusPort() {
        return clusterBusPort;
    }

    @Override
    public String redisUri() {
        return endpoint.uri();
    }

    @Override
    public String mode() {
        return "local";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public boolean isLocalProcess() {
        return true;
    }

    @Override
    public RedisClient newClient() {
        return endpoint.newClient();
    }

    /** The certificate this server uses, or null without TLS; see {@link LocalRedisOptions#sameTlsAs}. */
    TlsMaterial tlsMaterial() {
        return tlsMaterial;
    }

    @Override
    public Path tlsTrustStore() {
        return tlsMaterial == null ? null : tlsMaterial.trustStore();
    }

    @Override
    public String tlsTrustStorePassword() {
        return tlsMaterial == null ? null : tlsMaterial.trustStorePassword();
    }

    @Override
    public String toString() {
        return "LocalRedisServer[" + redisUri() + ", " + options + "]";
    }

    /**
     * Runs redis-server on {@link #port} and waits until it answers PING.
     *
     * @return the server version
     * @throws PortTakenException when another process holds the port
     */
    private String launch() {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(options.serverArguments(port, clusterBusPort, directory, logFile, tlsMaterial));
        long logOffset = fileSize(logFile);
        Process started;
        try {
            started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary, e);
        }
        process = started;
        try {
            return awaitReady(started, logOffset);
        } catch (RuntimeException e) {
            destroyForcibly(started);
            process = null;
            throw e;
        }
    }

    private String awaitReady(Process started, long logOffset) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        JedisException lastFailure = null;
        while (started.isAlive()) {
            try (Jedis jedis = endpoint.probe()) {
                jedis.ping();
                String info = jedis.info("server");
                // A PING answered by another server that already held the port must not count.
                if (!Long.toString(started.pid()).equals(Endpoint.infoField(info, "process_id"))) {
                    throw new PortTakenException("Port " + port + " is served by another process than redis-server "
                            + started.pid());
                }
                return Endpoint.infoField(info, "redis_version");
            } catch (JedisException e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                        + READY_TIMEOUT.toSeconds() + " s\n" + diagnostics(logOffset), lastFailure);
            }
            sleep(POLL_MILLIS);
        }
        String diagnostics = diagnostics(logOffset);
        String message = "redis-server exited with code " + started.exitValue() + " before answering PING on port "
                + port + "\n" + diagnostics;
        if (PORT_TAKEN_LOG.matcher(diagnostics).find()) {
            throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
    }

    /** The end of redis.log written since {@code logOffset}, and what redis-server printed before it had a log. */
    private String diagnostics(long logOffset) {
        return "--- " + logFile + " (last " + LOG_TAIL_LINES + " lines) ---\n" + tail(readFrom(logFile, logOffset))
                + "\n--- output of " + binary + " ---\n" + tail(readFrom(outputFile, 0));
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    private static String readFrom(Path file, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int from = (int) Math.min(offset, bytes.length);
            return new String(Arrays.copyOfRange(bytes, from, bytes.length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Kills the process and its children (an AOF rewrite runs in a forked child) and waits until they are gone. */
    private void destroyForcibly(Process target) {
        List<ProcessHandle> children = target.descendants().toList();
        target.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(target)) {
            throw new IllegalStateException("redis-server " + target.pid() + " on port " + port
                    + " is still alive " + EXIT_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
    }

    /**
     * Sends SIGTERM until the process exits, for at most {@link #EXIT_TIMEOUT}. redis-server refuses to shut down
     * while it writes its initial AOF, as an appendonly replica does right after a full sync ("Writing initial AOF,
     * can't exit"), and does not try again by itself; a repeated SIGTERM does no harm.
     *
     * @return whether the process exited
     */
    private static boolean terminate(Process target) {
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        do {
            target.destroy();
            if (awaitExit(target, SIGTERM_REPEAT)) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean awaitExit(Process target) {
        return awaitExit(target, EXIT_TIMEOUT);
    }

    private static boolean awaitExit(Process target, Duration timeout) {
        try {
            return target.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while waiting for redis-server " + target.pid() + " to exit", e);
        }
    }

    /** Shutdown hook action: fast and lock-free, since the JVM is going away anyway. */
    private void destroyAtExit() {
        Process running = process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
        deleteRecursively(directory);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", root, e.toString());
        }
    }

    /** {@code count} distinct free ports: their sockets are all open at once, so the system cannot repeat one. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.debug("Cannot close the socket probing port {}", socket.getLocalPort(), e);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for redis-server", e);
        }
    }

    /** redis-server could not listen on its port because another process holds it. */
    static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
