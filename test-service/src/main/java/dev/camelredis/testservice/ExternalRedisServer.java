package dev.camelredis.testservice;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/** A server whose process this JVM does not control: one given by URL, or one in a Testcontainers container. */
final class ExternalRedisServer implements RedisTestServer, AutoCloseable {

    private static final int REDIS_PORT = 6379;

    private final String mode;
    private final Endpoint endpoint;
    private final String version;
    /** Releases the server: stops the container, nothing for a URL. */
    private final Runnable release;

    private ExternalRedisServer(String mode, Endpoint endpoint, Runnable release) {
        this.mode = mode;
        this.endpoint = endpoint;
        this.release = release;
        try {
            this.version = endpoint.serverVersion();
        } catch (JedisException e) {
            throw new IllegalStateException("Cannot reach the " + mode + " Redis at " + endpoint.uri() + ": " + e, e);
        }
    }

    /**
     * A running server at {@code redis://[[user]:password@]host[:port]}, or {@code rediss://} for TLS trusted by
     * the JVM's default truststore. A user info without colon is taken as the password of the default user.
     */
    static ExternalRedisServer fromUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // The URL may hold a password: give only the reason.
            throw new IllegalArgumentException("Not a valid redis:// URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (!("redis".equals(scheme) || "rediss".equals(scheme)) || host == null) {
            // The URL may hold a password: name only its parts.
            throw new IllegalArgumentException("Expected a redis://host:port or rediss://host:port URL, got one with"
                    + " scheme " + scheme + " and host " + host);
        }
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() == -1 ? REDIS_PORT : uri.getPort();
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                user = colon == 0 ? null : decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        Endpoint endpoint = Endpoint.of(host, port, "rediss".equals(scheme), user, password);
        return new ExternalRedisServer("url", endpoint, () -> { });
    }

    /** Starts {@code image} in a container and connects to its mapped port. */
    static ExternalRedisServer startContainer(String image) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(REDIS_PORT)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        container.start();
        try {
            Endpoint endpoint = Endpoint.plain(container.getHost(), container.getMappedPort(REDIS_PORT));
            return new ExternalRedisServer("container", endpoint, container::stop);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String host() {
        return endpoint.host();
    }

    @Override
    public int port() {
        return endpoint.port();
    }

    @Override
    public String redisUri() {
        return endpoint.uri();
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public boolean isLocalProcess() {
        return false;
    }

    @Override
    public void kill() {
        throw notLocal("kill");
    }

    @Override
    public void stop() {
        throw notLocal("stop");
    }

    @Override
    public void start() {
        throw notLocal("start");
    }

    private UnsupportedOperationException notLocal(String operation) {
        return new UnsupportedOperationException("Cannot " + operation + " the " + mode + " Redis at " + redisUri()
                + ": only a local redis-server process can be killed, stopped or restarted."
                + " Use RedisServerExtension.dedicated(...) or LocalRedisServer.start(...) for such tests.");
    }

    @Override
    public RedisClient newClient() {
        return endpoint.newClient();
    }

    @Override
    public Path tlsTrustStore() {
        return null;
    }

    @Override
    public String tlsTrustStorePassword() {
        return null;
    }

    @Override
    public void close() {
        release.run();
    }

    @Override
    public String toString() {
        return "ExternalRedisServer[" + mode + ", " + redisUri() + "]";
    }
}
