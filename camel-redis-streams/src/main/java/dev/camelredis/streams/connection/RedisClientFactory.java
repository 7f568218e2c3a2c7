package dev.camelredis.streams.connection;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.HashSet;

import javax.net.ssl.SSLParameters;

import org.apache.camel.CamelContext;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the pooled Jedis client for a set of connection settings: a standalone server, a Redis Cluster or a master
 * watched by Sentinel.
 */
final class RedisClientFactory {

    private RedisClientFactory() {
    }

    // Jedis' SslOptions cannot take a ready SSLContext, which is what Camel's SSLContextParameters give: the
    // deprecated socket-factory setters are the way to honour the user's TLS settings.
    @SuppressWarnings("deprecation")
    static UnifiedJedis create(RedisConnectionSettings settings, CamelContext camelContext) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.connectionTimeoutMillis())
                .socketTimeoutMillis(settings.socketTimeoutMillis())
                .blockingSocketTimeoutMillis(settings.blockingSocketTimeoutMillis())
                .database(settings.database())
                .user(settings.username())
                .password(settings.password());
        if (settings.tls()) {
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
        }
        JedisClientConfig serverConfig = config.build();
        return switch (settings.mode()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(new HostAndPort(settings.host(), settings.port()))
                    .clientConfig(serverConfig)
                    .poolConfig(unboundedPool())
                    .build();
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(new HashSet<>(settings.nodes()))
                    .clientConfig(serverConfig)
                    .poolConfig(unboundedPool())
                    .build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(settings.masterName())
                    .sentinels(new HashSet<>(settings.nodes()))
                    .clientConfig(serverConfig)
                    // sentinels are reached with the same TLS settings, without the master's credentials
                    .sentinelClientConfig(config.user(null).password(null).database(0).build())
                    .poolConfig(unboundedPool())
                    .build();
        };
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
        return pool;
    }
}
