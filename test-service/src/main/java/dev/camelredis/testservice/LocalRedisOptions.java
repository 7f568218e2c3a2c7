package dev.camelredis.testservice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to configure a local redis-server process. Immutable: every method returns a new instance, so chain the
 * calls, e.g. {@code LocalRedisOptions.defaults().appendOnly().tls()}.
 */
public final class LocalRedisOptions {

    /** Relative to the data directory, which redis-server makes its working directory. */
    private static final String CLUSTER_CONFIG_FILE = "nodes.conf";
    private static final String SENTINEL_CONFIG_FILE = "sentinel.conf";

    private final boolean appendOnly;
    private final boolean tls;
    /** The certificate shared with other servers, or null for one of its own (see {@link #sameTlsAs}). */
    private final TlsMaterial sharedTls;
    /** One ACL rule list per user, as given to {@code --user}: name, "on", ">password", rules. */
    private final List<List<String>> users;
    private final boolean clusterEnabled;
    /** The text of a Sentinel's config file, or null for a data node. */
    private final String sentinelConfig;
    private final List<String> extraArgs;

    private LocalRedisOptions(boolean appendOnly, boolean tls, TlsMaterial sharedTls, List<List<String>> users,
            boolean clusterEnabled, String sentinelConfig, List<String> extraArgs) {
        this.appendOnly = appendOnly;
        this.tls = tls;
        this.sharedTls = sharedTls;
        this.users = List.copyOf(users);
        this.clusterEnabled = clusterEnabled;
        this.sentinelConfig = sentinelConfig;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** No persistence, no TLS, only the default user without password. */
    public static LocalRedisOptions defaults() {
        return new LocalRedisOptions(false, false, null, List.of(), false, null, List.of());
    }

    /**
     * Appends every write to the AOF and fsyncs it before replying, so acknowledged data survives a
     * {@link RedisTestServer#kill()} followed by {@link RedisTestServer#start()}.
     */
    public LocalRedisOptions appendOnly() {
        return new LocalRedisOptions(true, tls, sharedTls, users, clusterEnabled, sentinelConfig, extraArgs);
    }

    /** Accepts TLS connections only, with a freshly generated self-signed certificate for localhost. */
    public LocalRedisOptions tls() {
        return new LocalRedisOptions(appendOnly, true, sharedTls, users, clusterEnabled, sentinelConfig, extraArgs);
    }

    /**
     * Adds an enabled ACL user besides the default one, e.g. {@code user("app", "s3cret", "~*", "&*", "+@all")}.
     *
     * @param rules ACL rules granting keys, channels and commands; without any the user may do nothing
     */
    public LocalRedisOptions user(String name, String password, String... rules) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        List<String> user = new ArrayList<>();
        user.add(name);
        user.add("on");
        user.add(">" + password);
        user.addAll(List.of(rules));
        List<List<String>> allUsers = new ArrayList<>(users);
        allUsers.add(user);
        return new LocalRedisOptions(appendOnly, tls, sharedTls, allUsers, clusterEnabled, sentinelConfig, extraArgs);
    }

    /**
     * Adds redis-server arguments after the ones the other options make, one token per element, e.g.
     * {@code args("--maxmemory", "10mb")}. The last occurrence of an option wins, so these override the others.
     * They are logged: give passwords with {@link #user(String, String, String...)} instead.
     */
    public LocalRedisOptions args(String... args) {
        List<String> allArgs = new ArrayList<>(extraArgs);
        allArgs.addAll(List.of(args));
        return new LocalRedisOptions(appendOnly, tls, sharedTls, users, clusterEnabled, sentinelConfig, allArgs);
    }

    /**
     * Runs a Redis Cluster node, with its cluster bus on a port of its own (see {@link LocalRedisServer}); joining
     * it to a cluster is {@link ClusterFormation}'s job.
     */
    LocalRedisOptions clusterEnabled() {
        return new LocalRedisOptions(appendOnly, tls, sharedTls, users, true, sentinelConfig, extraArgs);
    }

    /**
     * Runs a Sentinel instead of a data node.
     *
     * @param config the text of its config file, e.g. from {@link SentinelConfig}; the file is written once, before
     *               the first start, because Sentinel rewrites it to remember what it learned
     */
    LocalRedisOptions sentinel(String config) {
        return new LocalRedisOptions(appendOnly, tls, sharedTls, users, clusterEnabled,
                Objects.requireNonNull(config, "config"), extraArgs);
    }

    /**
     * Accepts TLS connections only, with the certificate of {@code server}, if it has one: servers that share a
     * certificate trust each other, as the nodes of a cluster and the members of a Sentinel setup must, since they
     * connect to each other. Unchanged when {@code server} does not use TLS.
     */
    LocalRedisOptions sameTlsAs(LocalRedisServer server) {
        TlsMaterial shared = server.tlsMaterial();
        if (shared == null) {
            return this;
        }
        return new LocalRedisOptions(appendOnly, true, shared, users, clusterEnabled, sentinelConfig, extraArgs);
    }

    boolean isTls() {
        return tls;
    }

    /** The certificate given by {@link #sameTlsAs}, or null when the server is to generate its own. */
    TlsMaterial sharedTls() {
        return sharedTls;
    }

    boolean isClusterEnabled() {
        return clusterEnabled;
    }

    /** Writes the files the arguments refer to into the data directory: a Sentinel's config file. */
    void writeFiles(Path dataDir) throws IOException {
        if (sentinelConfig != null) {
            Files.writeString(dataDir.resolve(SENTINEL_CONFIG_FILE), sentinelConfig, StandardCharsets.UTF_8);
        }
    }

    /**
     * The redis-server command line arguments, one token per element: redis-server joins the tokens that follow an
     * option into that option's value, so ACL rules and the empty save schedule need no shell quoting.
     *
     * @param clusterBusPort the cluster bus port, used when {@link #isClusterEnabled()}
     * @param tlsMaterial certificate and key, required when {@link #isTls()}
     */
    List<String> serverArguments(int port, int clusterBusPort, Path dataDir, Path logFile, TlsMaterial tlsMaterial) {
        List<String> args = new ArrayList<>();
        if (sentinelConfig != null) {
            // The config file must be the first argument.
            args.addAll(List.of(dataDir.resolve(SENTINEL_CONFIG_FILE).toString(), "--sentinel"));
        }
        if (tls) {
            Objects.requireNonNull(tlsMaterial, "tlsMaterial");
            args.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", tlsMaterial.certificatePem().toString(),
                    "--tls-key-file", tlsMaterial.privateKeyPem().toString(),
                    "--tls-ca-cert-file", tlsMaterial.certificatePem().toString(),
                    "--tls-auth-clients", "no",
                    // With no plain port, a replica's link to its primary and a Sentinel's links must use TLS too.
                    "--tls-replication", "yes"));
            if (clusterEnabled) {
                // The cluster bus too; the nodes then announce their TLS port to clients.
                args.addAll(List.of("--tls-cluster", "yes"));
            }
        } else {
            args.addAll(List.of("--port", Integer.toString(port)));
        }
        // A primary waits this long (5 s by default) for more replicas before it starts a full sync.
        args.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--repl-diskless-sync-delay", "0"));
        if (appendOnly) {
            args.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            args.addAll(List.of("--appendonly", "no"));
        }
        args.addAll(List.of("--dir", dataDir.toString(), "--daemonize", "no", "--logfile", logFile.toString()));
        for (List<String> user : users) {
            args.add("--user");
            args.addAll(user);
        }
        if (clusterEnabled) {
            // The bus port defaults to port + 10000, which does not exist for free ports above 55535.
            args.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", CLUSTER_CONFIG_FILE,
                    "--cluster-port", Integer.toString(clusterBusPort)));
        }
        args.addAll(extraArgs);
        return args;
    }

    /** Describes the options without passwords, for log messages. */
    @Override
    public String toString() {
        List<String> userNames = users.stream().map(user -> user.get(0)).toList();
        String mode = sentinelConfig != null ? "sentinel" : clusterEnabled ? "cluster node" : "server";
        return mode + ", appendOnly=" + appendOnly + ", tls=" + tls + ", users=" + userNames + ", args=" + extraArgs;
    }
}
