package dev.camelredis.streams.connection;

import java.io.IOException;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLParameters;

import org.apache.camel.CamelContext;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Builds the pooled Jedis client for a set of connection settings.
 */
final class RedisClientFactory {

    private RedisClientFactory() {
    }

    // Jedis' SslOptions cannot take a ready SSLContext, which is what Camel's SSLContextParameters give: the
    // deprecated socket-factory setters are the way to honour the user's TLS settings.
    @SuppressWarnings("deprecation")
    static RedisClient create(RedisConnectionSettings settings, CamelContext camelContext) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.connectionTimeoutMillis())
                .socketTimeoutMillis(settings.socketTimeoutMillis())
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
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(settings.host(), settings.port()))
                .clientConfig(config.build())
                .poolConfig(unboundedPool())
                .build();
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
