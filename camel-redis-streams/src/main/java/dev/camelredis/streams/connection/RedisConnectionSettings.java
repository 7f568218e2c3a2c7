package dev.camelredis.streams.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.camelredis.streams.RedisStreamsConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;
import redis.clients.jedis.HostAndPort;

/**
 * Where and how to connect, resolved from an endpoint's options. Endpoints whose settings are equal share one client,
 * so equality covers everything that shapes a connection. {@link #toString()} never shows the password.
 */
public final class RedisConnectionSettings {

    /** How the server is reached. */
    public enum Mode {
        STANDALONE,
        CLUSTER,
        SENTINEL
    }

    private static final int DEFAULT_PORT = 6379;

    private final Mode mode;
    /** Cluster seed nodes or sentinels; empty for a standalone server. */
    private final List<HostAndPort> nodes;
    private final String masterName;

    private final String host;
    private final int port;
    private final boolean tls;
    private final String username;
    private final String password;
    private final int database;
    private final SSLContextParameters sslContextParameters;
    private final int connectionTimeoutMillis;
    private final int socketTimeoutMillis;
    private final int blockTimeoutMillis;

    private RedisConnectionSettings(Mode mode, List<HostAndPort> nodes, String masterName, String host, int port,
                                    boolean tls, String username, String password, int database,
                                    SSLContextParameters sslContextParameters, int connectionTimeoutMillis,
                                    int socketTimeoutMillis, int blockTimeoutMillis) {
        this.mode = mode;
        this.nodes = nodes;
        this.masterName = masterName;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.username = username;
        this.password = password;
        this.database = database;
        this.sslContextParameters = sslContextParameters;
        this.connectionTimeoutMillis = connectionTimeoutMillis;
        this.socketTimeoutMillis = socketTimeoutMillis;
        this.blockTimeoutMillis = blockTimeoutMillis;
    }

    /**
     * Resolves the settings: the options username, password and database override what redisUri says.
     *
     * @throws IllegalArgumentException when redisUri is malformed, naming what is accepted
     */
    public static RedisConnectionSettings from(RedisStreamsConfiguration configuration) {
        RedisConnectionSettings settings;
        if (configuration.getClusterNodes() != null) {
            if (configuration.getDatabase() != null && configuration.getDatabase() != 0) {
                throw new IllegalArgumentException(
                        "Option database cannot be used with clusterNodes: Redis Cluster has only database 0");
            }
            settings = forNodes(Mode.CLUSTER, "clusterNodes", configuration.getClusterNodes(), null, configuration);
        } else if (configuration.getSentinelNodes() != null) {
            settings = forNodes(Mode.SENTINEL, "sentinelNodes", configuration.getSentinelNodes(),
                    configuration.getSentinelMaster(), configuration);
        } else {
            settings = standalone(configuration);
        }
        settings.requireTlsWhenConfigured();
        return settings;
    }

    /**
     * TLS settings on a plain connection mean the user expects TLS: connecting without it would send the credentials
     * and the entries in clear.
     */
    private void requireTlsWhenConfigured() {
        if (sslContextParameters == null || tls) {
            return;
        }
        throw new IllegalArgumentException(switch (mode) {
            case STANDALONE -> "Option sslContextParameters is set, but redisUri (" + this + ") does not use TLS: the"
                               + " connection would be made in clear, credentials included. Write the URI with"
                               + " rediss:// to connect with TLS, for example rediss://" + host + ":" + port
                               + ", or remove sslContextParameters";
            case CLUSTER, SENTINEL -> "Option sslContextParameters is set, but " + nodesOption() + " lists plain nodes ("
                                      + nodesText() + "): the connections would be made in clear, credentials"
                                      + " included. Write each node as rediss://host:port to connect with TLS, or"
                                      + " remove sslContextParameters";
        });
    }

    private String nodesOption() {
        return mode == Mode.CLUSTER ? "clusterNodes" : "sentinelNodes";
    }

    /**
     * Cluster seed nodes or sentinels: host:port, or redis:// and rediss:// URIs, which must agree on TLS.
     */
    private static RedisConnectionSettings forNodes(Mode mode, String option, String value, String masterName,
                                                    RedisStreamsConfiguration configuration) {
        List<HostAndPort> nodes = new ArrayList<>();
        Boolean tls = null;
        // checked on the whole value, not per node: a password may contain the comma that separates nodes
        if (value.indexOf('@') >= 0) {
            // the value is not shown: it holds credentials
            throw new IllegalArgumentException("Option " + option + " has a node with credentials (user:password@),"
                                               + " which is not supported: list the nodes as host:port and set the"
                                               + " options username and password");
        }
        for (String node : value.split(",")) {
            String text = node.trim();
            boolean nodeTls = text.startsWith("rediss://");
            String address = text.replaceFirst("^rediss?://", "");
            int colon = address.lastIndexOf(':');
            try {
                if (text.isEmpty() || colon <= 0) {
                    throw new NumberFormatException();
                }
                String host = address.substring(0, colon);
                // an IPv6 literal is written in brackets, which are not part of the address
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                nodes.add(new HostAndPort(host, Integer.parseInt(address.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Option " + option + " has a malformed node '" + text
                                                   + "': expected host:port (or rediss://host:port for TLS), separated by commas");
            }
            if (tls != null && tls != nodeTls) {
                throw new IllegalArgumentException("Option " + option + " mixes TLS (rediss://) and plain nodes: use one for all");
            }
            tls = nodeTls;
        }
        return new RedisConnectionSettings(mode, List.copyOf(nodes), masterName, null, 0, tls, configuration.getUsername(),
                configuration.getPassword(), configuration.getDatabase() != null ? configuration.getDatabase() : 0,
                configuration.getSslContextParameters(), Math.toIntExact(configuration.getConnectionTimeout()),
                Math.toIntExact(configuration.getSocketTimeout()), Math.toIntExact(configuration.getBlockTimeout()));
    }

    private static RedisConnectionSettings standalone(RedisStreamsConfiguration configuration) {
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
                Mode.STANDALONE, List.of(), null,
                uri.getHost(),
                uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                "rediss".equalsIgnoreCase(scheme),
                configuration.getUsername() != null ? configuration.getUsername() : uriUser,
                configuration.getPassword() != null ? configuration.getPassword() : uriPassword,
                configuration.getDatabase() != null ? configuration.getDatabase() : uriDatabase,
                configuration.getSslContextParameters(),
                Math.toIntExact(configuration.getConnectionTimeout()),
                Math.toIntExact(configuration.getSocketTimeout()), Math.toIntExact(configuration.getBlockTimeout()));
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
        if (at < 0) {
            return redisUri;
        }
        if (schemeEnd < 0 || at < schemeEnd) {
            // no scheme, as in user:password@host: all before the host may be a secret
            return "xxxxxx" + redisUri.substring(at);
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

    public Mode mode() {
        return mode;
    }

    public List<HostAndPort> nodes() {
        return nodes;
    }

    public String masterName() {
        return masterName;
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

    /**
     * How long a blocking read may take before the connection counts as dead: the BLOCK time plus the usual reply
     * time. Without it Jedis waits forever on a connection that died during a blocking read.
     */
    public int blockingSocketTimeoutMillis() {
        return blockTimeoutMillis + socketTimeoutMillis;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RedisConnectionSettings that)) {
            return false;
        }
        return mode == that.mode && nodes.equals(that.nodes) && Objects.equals(masterName, that.masterName)
                && port == that.port && tls == that.tls && database == that.database
                && connectionTimeoutMillis == that.connectionTimeoutMillis
                && socketTimeoutMillis == that.socketTimeoutMillis && blockTimeoutMillis == that.blockTimeoutMillis
                && Objects.equals(host, that.host) && Objects.equals(username, that.username)
                && Objects.equals(password, that.password)
                // SSLContextParameters has no value equality: the same bean means the same settings
                && sslContextParameters == that.sslContextParameters;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, nodes, masterName, host, port, tls, username, database, connectionTimeoutMillis,
                socketTimeoutMillis);
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
        return switch (mode) {
            case STANDALONE -> uri.append(host).append(':').append(port).append('/').append(database).toString();
            case CLUSTER -> "cluster " + uri + nodesText();
            case SENTINEL -> "sentinel master " + masterName + " " + uri + nodesText();
        };
    }

    private String nodesText() {
        return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
    }
}
