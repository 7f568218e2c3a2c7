package dev.camelredis.streams.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

import dev.camelredis.streams.RedisStreamsConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Where and how to connect, resolved from an endpoint's options. Endpoints whose settings are equal share one client,
 * so equality covers everything that shapes a connection. {@link #toString()} never shows the password.
 */
public final class RedisConnectionSettings {

    private static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final boolean tls;
    private final String username;
    private final String password;
    private final int database;
    private final SSLContextParameters sslContextParameters;
    private final int connectionTimeoutMillis;
    private final int socketTimeoutMillis;

    private RedisConnectionSettings(String host, int port, boolean tls, String username, String password, int database,
                                    SSLContextParameters sslContextParameters, int connectionTimeoutMillis,
                                    int socketTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.username = username;
        this.password = password;
        this.database = database;
        this.sslContextParameters = sslContextParameters;
        this.connectionTimeoutMillis = connectionTimeoutMillis;
        this.socketTimeoutMillis = socketTimeoutMillis;
    }

    /**
     * Resolves the settings: the options username, password and database override what redisUri says.
     *
     * @throws IllegalArgumentException when redisUri is malformed, naming what is accepted
     */
    public static RedisConnectionSettings from(RedisStreamsConfiguration configuration) {
        String redisUri = configuration.getRedisUri();
        if (redisUri == null || redisUri.isBlank()) {
            throw malformed("(empty)", "it is required");
        }
        URI uri;
        try {
            uri = new URI(redisUri);
        } catch (URISyntaxException e) {
            throw malformed(maskUserInfo(redisUri), e.getReason());
        }
        String shown = maskUserInfo(redisUri);
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw malformed(shown, "the scheme must be redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null) {
            throw malformed(shown, "it names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw malformed(shown, "a query or fragment is not supported: use the endpoint options instead");
        }
        String uriUser = null;
        String uriPassword = null;
        if (uri.getUserInfo() != null) {
            String userInfo = uri.getUserInfo();
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw malformed(shown, "credentials must be written user:password@ or :password@");
            }
            uriUser = emptyToNull(userInfo.substring(0, colon));
            uriPassword = emptyToNull(userInfo.substring(colon + 1));
        }
        int uriDatabase = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            try {
                uriDatabase = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw malformed(shown, "the path must be a database number, for example /0");
            }
        }
        return new RedisConnectionSettings(
                uri.getHost(),
                uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                "rediss".equalsIgnoreCase(scheme),
                configuration.getUsername() != null ? configuration.getUsername() : uriUser,
                configuration.getPassword() != null ? configuration.getPassword() : uriPassword,
                configuration.getDatabase() != null ? configuration.getDatabase() : uriDatabase,
                configuration.getSslContextParameters(),
                Math.toIntExact(configuration.getConnectionTimeout()),
                Math.toIntExact(configuration.getSocketTimeout()));
    }

    /**
     * Replaces the password of a redis:// URI by a mask, for logs and error messages.
     */
    public static String maskUserInfo(String redisUri) {
        if (redisUri == null) {
            return null;
        }
        int schemeEnd = redisUri.indexOf("://");
        int at = redisUri.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) {
            return redisUri;
        }
        String userInfo = redisUri.substring(schemeEnd + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return redisUri.substring(0, schemeEnd + 3) + user + ":xxxxxx" + redisUri.substring(at);
    }

    private static IllegalArgumentException malformed(String shownUri, String reason) {
        return new IllegalArgumentException(
                "Option redisUri is malformed (" + shownUri + "): " + reason
                                            + ". Expected redis://[[username]:password@]host[:port][/database] or rediss://...");
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public int database() {
        return database;
    }

    public SSLContextParameters sslContextParameters() {
        return sslContextParameters;
    }

    public int connectionTimeoutMillis() {
        return connectionTimeoutMillis;
    }

    public int socketTimeoutMillis() {
        return socketTimeoutMillis;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RedisConnectionSettings that)) {
            return false;
        }
        return port == that.port && tls == that.tls && database == that.database
                && connectionTimeoutMillis == that.connectionTimeoutMillis
                && socketTimeoutMillis == that.socketTimeoutMillis
                && host.equals(that.host) && Objects.equals(username, that.username)
                && Objects.equals(password, that.password)
                // SSLContextParameters has no value equality: the same bean means the same settings
                && sslContextParameters == that.sslContextParameters;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls, username, database, connectionTimeoutMillis, socketTimeoutMillis);
    }

    /**
     * The server as a URI with the password masked.
     */
    @Override
    public String toString() {
        StringBuilder uri = new StringBuilder(tls ? "rediss://" : "redis://");
        if (username != null || password != null) {
            uri.append(username == null ? "" : username).append(password == null ? "" : ":xxxxxx").append('@');
        }
        return uri.append(host).append(':').append(port).append('/').append(database).toString();
    }
}
