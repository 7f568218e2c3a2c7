package dev.camelredis.examples.quickstart;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.LocalRedisServer;

/**
 * The Redis the quickstart talks to: the server REDIS_URL names, else a redis-server process started for this run
 * and stopped by {@link #close()}. LocalRedisServer runs the redis-server given by -Dredis.server, else the one on
 * the PATH, else the binary shipped inside the embedded-redis jar, so a JDK and Maven are all a machine needs.
 */
final class QuickstartRedis implements AutoCloseable {

    private final String uri;
    private final String description;
    /** Null when REDIS_URL names the server: it is not ours to stop. */
    private final LocalRedisServer started;

    private QuickstartRedis(String uri, String description, LocalRedisServer started) {
        this.uri = uri;
        this.description = description;
        this.started = started;
    }

    static QuickstartRedis fromEnvironment() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return new QuickstartRedis(url, masked(url) + " (from REDIS_URL)", null);
        }
        LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.defaults());
        return new QuickstartRedis(server.redisUri(), "redis-server " + server.version() + " at " + server.redisUri()
                                                      + " (REDIS_URL is not set: started for this run)", server);
    }

    /** redis://user:secret@host becomes redis://***@host: credentials must not end up in a terminal or a CI log. */
    static String masked(String url) {
        return url.replaceFirst("^([A-Za-z]+://)[^/]*@", "$1***@");
    }

    String uri() {
        return uri;
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
