package dev.camelredis.testservice;

import java.nio.file.Path;

import redis.clients.jedis.RedisClient;

/**
 * A running Redis server that a test may use: an external one given by URL, a Testcontainers container or a
 * redis-server process started by this JVM. Only local processes can be killed, stopped and restarted.
 */
public interface RedisTestServer {

    /** Host name clients connect to, {@code "localhost"} for local processes. */
    String host();

    /** Port clients connect to; the TLS port when TLS is on. */
    int port();

    /** {@code redis://host:port}, or {@code rediss://host:port} with TLS; never contains credentials. */
    String redisUri();

    /** How the server was obtained: {@code "url"}, {@code "container"} or {@code "local"}. */
    String mode();

    /** {@code redis_version} reported by {@code INFO server}, e.g. {@code "7.0.15"}. */
    String version();

    /** Whether {@link #kill()}, {@link #stop()} and {@link #start()} are supported. */
    boolean isLocalProcess();

    /**
     * Kills the server process with SIGKILL, as a crash would, and waits until it is gone.
     *
     * @throws UnsupportedOperationException unless {@link #isLocalProcess()}
     */
    void kill();

    /**
     * Stops the server gracefully and waits until it is gone.
     *
     * @throws UnsupportedOperationException unless {@link #isLocalProcess()}
     */
    void stop();

    /**
     * Starts the server again on the same port, with the same configuration and data directory, and waits until it
     * answers PING.
     *
     * @throws UnsupportedOperationException unless {@link #isLocalProcess()}
     */
    void start();

    /**
     * A new client for test assertions, set up with this server's TLS truststore and admin credentials if any.
     * The caller closes it.
     */
    RedisClient newClient();

    /** PKCS12 truststore holding the server certificate, or {@code null} when the server does not use TLS. */
    Path tlsTrustStore();

    /** Password of {@link #tlsTrustStore()}, or {@code null} when the server does not use TLS. */
    String tlsTrustStorePassword();
}
