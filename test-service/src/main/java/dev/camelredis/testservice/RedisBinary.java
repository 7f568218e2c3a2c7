package dev.camelredis.testservice;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a working server executable. {@code -Dredis.server} chooses:
 * <ul>
 * <li>unset: {@code redis-server} on the PATH, else the binary shipped in the embedded-redis jar, so that tests run on
 * machines without Redis;</li>
 * <li>{@value #EMBEDDED}: only the embedded-redis binary, the one a machine without Redis uses, even where a
 * redis-server is installed;</li>
 * <li>{@value #VALKEY}: only {@code valkey-server} on the PATH;</li>
 * <li>a path: that executable, else the unset choice (with a warning).</li>
 * </ul>
 * A named flavor that does not run fails instead of falling back: a run asked to test Valkey must not pass on Redis.
 */
final class RedisBinary {

    static final String PROPERTY = "redis.server";
    static final String EMBEDDED = "embedded";
    static final String VALKEY = "valkey";

    private static final Logger LOG = LoggerFactory.getLogger(RedisBinary.class);
    private static final String EMBEDDED_RESOURCE_PREFIX = "redis-server-7.0.15-";
    private static final long VERSION_CHECK_TIMEOUT_SECONDS = 10;

    /** The embedded binary once extracted; one copy serves the whole JVM. */
    private static Path extracted;

    private RedisBinary() {
    }

    static Path find() {
        List<String> failures = new ArrayList<>();

        String configured = System.getProperty(PROPERTY);
        if (EMBEDDED.equals(configured)) {
            return embeddedOrFail();
        }
        if (VALKEY.equals(configured)) {
            return onPathOrFail("valkey-server");
        }
        if (configured == null || configured.isBlank()) {
            failures.add("-D" + PROPERTY + " is not set");
        } else {
            String problem = problemRunning(Path.of(configured));
            if (problem == null) {
                return Path.of(configured);
            }
            LOG.warn("Ignoring -D{}={}: {}", PROPERTY, configured, problem);
            failures.add("-D" + PROPERTY + "=" + configured + ": " + problem);
        }

        Path onPath = searchPath("redis-server");
        if (onPath == null) {
            failures.add("no redis-server on the PATH");
        } else {
            String problem = problemRunning(onPath);
            if (problem == null) {
                return onPath;
            }
            failures.add(onPath + " from the PATH: " + problem);
        }

        try {
            Path embedded = extractEmbedded();
            String problem = problemRunning(embedded);
            if (problem == null) {
                return embedded;
            }
            failures.add("embedded-redis binary " + embedded + ": " + problem);
        } catch (IOException | IllegalStateException e) {
            failures.add("embedded-redis binary: " + e.getMessage());
        }

        throw new IllegalStateException("No working redis-server found. Tried: " + String.join("; ", failures)
                + ". Install redis-server, or point -D" + PROPERTY + " at one.");
    }

    private static Path embeddedOrFail() {
        String problem;
        try {
            Path embedded = extractEmbedded();
            problem = problemRunning(embedded);
            if (problem == null) {
                return embedded;
            }
        } catch (IOException | IllegalStateException e) {
            problem = e.getMessage();
        }
        throw new IllegalStateException("-D" + PROPERTY + "=" + EMBEDDED + " asks for the embedded-redis binary, which"
                + " does not run here: " + problem + ". Unset -D" + PROPERTY + " to use a redis-server from the PATH.");
    }

    private static Path onPathOrFail(String name) {
        Path onPath = searchPath(name);
        String problem = onPath == null ? "it is not on the PATH" : problemRunning(onPath);
        if (problem == null) {
            return onPath;
        }
        throw new IllegalStateException("-D" + PROPERTY + "=" + VALKEY + " asks for " + name + ", but " + problem
                + ". Install it (Debian 12: apt-get install -t bookworm-backports valkey-server), or point -D"
                + PROPERTY + " at one.");
    }

    /** Extracts the embedded-redis binary for this OS and architecture into a temporary executable file. */
    static synchronized Path extractEmbedded() throws IOException {
        if (extracted != null && Files.isExecutable(extracted)) {
            return extracted;
        }
        String resource = EMBEDDED_RESOURCE_PREFIX + platform();
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the classpath");
            }
            Path file = Files.createTempFile(EMBEDDED_RESOURCE_PREFIX, "");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
            LOG.info("Extracted embedded-redis binary {} to {}", resource, file);
            extracted = file;
            return file;
        }
    }

    /** The embedded-redis resource suffix, e.g. {@code linux-amd64}. */
    private static String platform() {
        String osName = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String osArch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String os;
        if (osName.contains("linux")) {
            os = "linux";
        } else if (osName.contains("mac") || osName.contains("darwin")) {
            os = "darwin";
        } else {
            throw new IllegalStateException("no binary for operating system " + osName);
        }
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> throw new IllegalStateException("no binary for architecture " + osArch);
        };
        return os + "-" + arch;
    }

    private static Path searchPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Runs {@code binary --version}: a file may exist and be executable, yet fail to run (wrong architecture,
     * missing libraries, a noexec temp directory).
     *
     * @return null when it runs, else why not
     */
    private static String problemRunning(Path binary) {
        if (!Files.isRegularFile(binary)) {
            return "not a file";
        }
        if (!Files.isExecutable(binary)) {
            return "not executable";
        }
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            // The output is one short line, which fits the pipe buffer: wait first, so a hung binary cannot block us.
            if (!process.waitFor(VERSION_CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "--version did not finish within " + VERSION_CHECK_TIMEOUT_SECONDS + " s";
            }
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (process.exitValue() != 0 || !(output.startsWith("Redis server v=") || output.startsWith("Valkey server v="))) {
                return "--version exited with " + process.exitValue() + ": " + output;
            }
            return null;
        } catch (IOException e) {
            return "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running --version";
        }
    }
}
