package dev.camelredis.testservice;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/** Where a server listens and how to connect to it: TLS and credentials. */
final class Endpoint {

    private static final int TIMEOUT_MILLIS = 2_000;
    /**
     * A local Redis answers PING within milliseconds. Probes give up sooner, so that a port held by some other
     * process, which accepts the connection but never answers, does not stall a start for long.
     */
    private static final int PROBE_TIMEOUT_MILLIS = 500;

    private final String host;
    private final int port;
    private final boolean ssl;
    private final JedisClientConfig clientConfig;
    private final JedisClientConfig connectionConfig;
    private final JedisClientConfig probeConfig;

    private Endpoint(String host, int port, boolean ssl, DefaultJedisClientConfig.Builder config) {
        this.host = host;
        this.port = port;
        this.ssl = ssl;
        this.clientConfig = config.build();
        // A single Jedis connection cannot negotiate RESP3, and warns when asked to; PING and INFO need no RESP3.
        this.connectionConfig = config.serverDefaultProtocol().build();
        this.probeConfig = config.connectionTimeoutMillis(PROBE_TIMEOUT_MILLIS)
                .socketTimeoutMillis(PROBE_TIMEOUT_MILLIS)
                .build();
    }

    /** A plain TCP endpoint with the default user and no password. */
    static Endpoint plain(String host, int port) {
        return new Endpoint(host, port, false, baseConfig(null));
    }

    /**
     * A TLS endpoint trusting the certificate of {@code tls} and checking the host name, with the default user and
     * no password.
     */
    static Endpoint tls(String host, int port, TlsMaterial tls) {
        return new Endpoint(host, port, true, baseConfig(tls));
    }

    /**
     * An endpoint as given by a URL: TLS with the JVM's default trust when {@code ssl}, and credentials when
     * {@code password} is not null ({@code user} null means the default user).
     */
    static Endpoint of(String host, int port, boolean ssl, String user, String password) {
        DefaultJedisClientConfig.Builder config = baseConfig(null);
        if (ssl) {
            // Without a truststore of its own, SslOptions uses the JVM's default one.
            config.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        if (password != null) {
            config.user(user).password(password);
        }
        return new Endpoint(host, port, ssl, config);
    }

    /**
     * The config of clients that connect to several servers, like those of a cluster, as the default user without
     * password: over TLS trusting the certificate of {@code tls}, or over plain TCP when {@code tls} is null.
     */
    static JedisClientConfig clientConfig(TlsMaterial tls) {
        return baseConfig(tls).build();
    }

    /** Like {@link #clientConfig(TlsMaterial)}, for single connections (see {@link #connect()}). */
    static JedisClientConfig connectionConfig(TlsMaterial tls) {
        return baseConfig(tls).serverDefaultProtocol().build();
    }

    /** Timeouts, and TLS trusting the certificate of {@code tls} unless it is null. */
    private static DefaultJedisClientConfig.Builder baseConfig(TlsMaterial tls) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS);
        if (tls != null) {
            config.sslOptions(SslOptions.builder()
                    .truststore(tls.trustStore().toFile(), tls.trustStorePassword().toCharArray())
                    .trustStoreType("PKCS12")
                    .sslVerifyMode(SslVerifyMode.FULL)
                    .build());
        }
        return config;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** {@code redis[s]://host:port}, without credentials. */
    String uri() {
        String uriHost = host.contains(":") ? "[" + host + "]" : host;
        return (ssl ? "rediss://" : "redis://") + uriHost + ":" + port;
    }

    /** A pooled client; the caller closes it. */
    RedisClient newClient() {
        return RedisClient.builder().hostAndPort(host, port).clientConfig(clientConfig).build();
    }

    /** Opens a single connection. */
    Jedis connect() {
        return new Jedis(new HostAndPort(host, port), connectionConfig);
    }

    /** Opens a single connection for polling a starting server, with short timeouts. */
    Jedis probe() {
        return new Jedis(new HostAndPort(host, port), probeConfig);
    }

    /** {@code redis_version} from {@code INFO server}. */
    String serverVersion() {
        try (Jedis jedis = connect()) {
            return infoField(jedis.info("server"), "redis_version");
        }
    }

    /** The value of {@code name} in an INFO reply. */
    static String infoField(String info, String name) {
        String prefix = name + ":";
        return info.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("INFO reply has no " + name + ": " + info));
    }
}
