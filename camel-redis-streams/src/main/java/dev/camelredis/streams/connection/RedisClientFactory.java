package dev.camelredis.streams.connection;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import javax.net.ssl.SSLParameters;

import org.apache.camel.CamelContext;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Builds the pooled Jedis client for a set of connection settings: a standalone server, a Redis Cluster or a master
 * watched by Sentinel.
 */
final class RedisClientFactory {

    private RedisClientFactory() {
    }

    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(1);

    /**
     * A client that connects on first use (see {@link OnDemandClient}): building it never needs Redis.
     *
     * @throws IllegalArgumentException when sslContextParameters cannot build a TLS context
     */
    static OnDemandClient create(RedisConnectionSettings settings, CamelContext camelContext) {
        JedisClientConfig serverConfig = withTls(DefaultJedisClientConfig.builder(), settings, camelContext)
                .protocol(OnDemandClient.PROTOCOL)
                .connectionTimeoutMillis(settings.connectionTimeoutMillis())
                .socketTimeoutMillis(settings.socketTimeoutMillis())
                .blockingSocketTimeoutMillis(settings.blockingSocketTimeoutMillis())
                .database(settings.database())
                .user(settings.username())
                .password(settings.password())
                .build();
        return switch (settings.mode()) {
            case STANDALONE -> {
                HostAndPort server = new HostAndPort(settings.host(), settings.port());
                yield OnDemandClient.standalone(() -> {
                    requireOneAnswers(List.of(server), serverConfig);
                    return RedisClient.builder()
                            .hostAndPort(server)
                            .clientConfig(serverConfig)
                            .poolConfig(unboundedPool())
                            .build();
                });
            }
            // Jedis' cluster client starts its topology refresh before it asks a node for the slots, and leaves it
            // running when no node answers: build it only once a node did
            case CLUSTER -> OnDemandClient.cluster(() -> {
                requireOneAnswers(settings.nodes(), serverConfig);
                return RedisClusterClient.builder()
                        .nodes(new HashSet<>(settings.nodes()))
                        .clientConfig(serverConfig)
                        // after a failover, find the promoted replica without waiting for a command to be redirected
                        .topologyRefreshPeriod(TOPOLOGY_REFRESH)
                        .poolConfig(unboundedPool())
                        .build();
            });
            case SENTINEL -> OnDemandClient.standalone(() -> sentinelClient(settings, serverConfig, camelContext));
        };
    }

    /**
     * Opens and closes a connection to the first of the servers that answers, authenticating as the client will.
     *
     * @throws JedisConnectionException when none answers, with the first failure as cause and the others suppressed
     * @throws JedisException when a server refused the credentials or the database
     */
    private static void requireOneAnswers(List<HostAndPort> servers, JedisClientConfig config) {
        JedisConnectionException first = null;
        for (HostAndPort server : servers) {
            try (Connection connection = new Connection(server, config)) {
                return;
            } catch (JedisConnectionException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    private static RedisSentinelClient sentinelClient(RedisConnectionSettings settings, JedisClientConfig serverConfig,
                                                      CamelContext camelContext) {
        // sentinels: the same TLS, none of the master's credentials, and no read timeout on the subscription that
        // announces a failover (it is silent between failovers)
        JedisClientConfig sentinelConfig = withTls(DefaultJedisClientConfig.builder(), settings, camelContext)
                .connectionTimeoutMillis(settings.connectionTimeoutMillis())
                .socketTimeoutMillis(settings.socketTimeoutMillis())
                .build();
        try {
            return RedisSentinelClient.builder()
                    .masterName(settings.masterName())
                    .sentinels(new HashSet<>(settings.nodes()))
                    .clientConfig(serverConfig)
                    .sentinelClientConfig(sentinelConfig)
                    .poolConfig(unboundedPool())
                    .build();
        } catch (JedisConnectionException e) {
            // Jedis only logs why it reached no sentinel: ask the first one again, so that the error can name the
            // cause (a refused connection, an untrusted certificate)
            try (Jedis sentinel = new Jedis(settings.nodes().get(0), sentinelConfig)) {
                sentinel.ping();
            } catch (JedisException cause) {
                e.addSuppressed(cause);
            }
            throw e;
        }
    }

    // Jedis' SslOptions cannot take a ready SSLContext, which is what Camel's SSLContextParameters give: the
    // deprecated socket-factory setters are the way to honour the user's TLS settings.
    @SuppressWarnings("deprecation")
    private static DefaultJedisClientConfig.Builder withTls(DefaultJedisClientConfig.Builder config,
                                                            RedisConnectionSettings settings, CamelContext camelContext) {
        if (!settings.tls()) {
            return config;
        }
        SSLParameters verifyHostname = new SSLParameters();
        verifyHostname.setEndpointIdentificationAlgorithm("HTTPS");
        config.ssl(true).sslParameters(verifyHostname);
        if (settings.sslContextParameters() != null) {
            try {
                config.sslSocketFactory(settings.sslContextParameters().createSSLContext(camelContext).getSocketFactory());
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException(
                        "Option sslContextParameters cannot build a TLS context for " + settings + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    /**
     * Readers hold a connection for the whole of a blocking read, so a fixed pool shared by many readers, ackers and
     * producers could starve. The number of connections is bounded by the threads that use the client anyway.
     */
    private static ConnectionPoolConfig unboundedPool() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(-1);
        pool.setMaxIdle(-1);
        pool.setJmxEnabled(false);
        // nothing reads the pool's timing statistics (no JMX), and each borrow and return records them under a lock
        // that concurrent senders contend on
        pool.setCollectDetailedStatistics(false);
        return pool;
    }
}
