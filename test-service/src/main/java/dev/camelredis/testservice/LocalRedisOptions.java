package dev.camelredis.testservice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to configure a local redis-server process. Immutable: every method returns a new instance, so chain the
 * calls, e.g. {@code LocalRedisOptions.defaults().appendOnly().tls()}.
 */
public final class LocalRedisOptions {

    private final boolean appendOnly;
    private final boolean tls;
    /** One ACL rule list per user, as given to {@code --user}: name, "on", ">password", rules. */
    private final List<List<String>> users;

    private LocalRedisOptions(boolean appendOnly, boolean tls, List<List<String>> users) {
        this.appendOnly = appendOnly;
        this.tls = tls;
        this.users = List.copyOf(users);
    }

    /** No persistence, no TLS, only the default user without password. */
    public static LocalRedisOptions defaults() {
        return new LocalRedisOptions(false, false, List.of());
    }

    /**
     * Appends every write to the AOF and fsyncs it before replying, so acknowledged data survives a
     * {@link RedisTestServer#kill()} followed by {@link RedisTestServer#start()}.
     */
    public LocalRedisOptions appendOnly() {
        return new LocalRedisOptions(true, tls, users);
    }

    /** Accepts TLS connections only, with a freshly generated self-signed certificate for localhost. */
    public LocalRedisOptions tls() {
        return new LocalRedisOptions(appendOnly, true, users);
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
        return new LocalRedisOptions(appendOnly, tls, allUsers);
    }

    boolean isTls() {
        return tls;
    }

    /**
     * The redis-server command line arguments, one token per element: redis-server joins the tokens that follow an
     * option into that option's value, so ACL rules and the empty save schedule need no shell quoting.
     *
     * @param tlsMaterial certificate and key, required when {@link #isTls()}
     */
    List<String> serverArguments(int port, Path dataDir, Path logFile, TlsMaterial tlsMaterial) {
        List<String> args = new ArrayList<>();
        if (tls) {
            Objects.requireNonNull(tlsMaterial, "tlsMaterial");
            args.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", tlsMaterial.certificatePem().toString(),
                    "--tls-key-file", tlsMaterial.privateKeyPem().toString(),
                    "--tls-ca-cert-file", tlsMaterial.certificatePem().toString(),
                    "--tls-auth-clients", "no"));
        } else {
            args.addAll(List.of("--port", Integer.toString(port)));
        }
        args.addAll(List.of("--bind", "127.0.0.1", "--save", ""));
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
        return args;
    }

    /** Describes the options without passwords, for log messages. */
    @Override
    public String toString() {
        List<String> userNames = users.stream().map(user -> user.get(0)).toList();
        return "appendOnly=" + appendOnly + ", tls=" + tls + ", users=" + userNames;
    }
}
