package dev.camelredis.testservice;

/**
 * The Redis an example or a benchmark talks to: the server REDIS_URL names, else a redis-server process started for this run
 * and stopped by {@link #close()}. LocalRedisServer runs the redis-server given by -Dredis.server, else the one on
 * the PATH, else the binary shipped inside the embedded-redis jar, so a JDK and Maven are all a machine needs.
 */
public final class EnvironmentRedis implements AutoCloseable {

    private final String uri;
    private final String description;
    /** Null when REDIS_URL names the server: it is not ours to stop. */
    private final LocalRedisServer started;

    private EnvironmentRedis(String uri, String description, LocalRedisServer started) {
        this.uri = uri;
        this.description = description;
        this.started = started;
    }

    public static EnvironmentRedis fromEnvironment() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return new EnvironmentRedis(url, masked(url) + " (from REDIS_URL)", null);
        }
        LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults());
        return new EnvironmentRedis(server.redisUri(), "redis-server " + server.version() + " at " + server.redisUri()
                                                      + " (REDIS_URL is not set: started for this run)", server);
    }

    /** redis://user:secret@host becomes redis://***@host: credentials must not end up in a terminal or a CI log. */
    public static String masked(String url) {
        return url.replaceFirst("^([A-Za-z]+://)[^/]*@", "$1***@");
    }

    public String uri() {
        return uri;
    }

    /**
     * Whether the server was started for this run (and is stopped by close()), rather than named by REDIS_URL.
     */
    public boolean startedHere() {
        return started != null;
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
