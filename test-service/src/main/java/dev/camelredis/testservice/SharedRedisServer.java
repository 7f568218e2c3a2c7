package dev.camelredis.testservice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one server all tests of a JVM share, chosen on first use: the server named by {@code -Dredis.url} or
 * {@code REDIS_URL}, else a Testcontainers container when Docker is available, else a local redis-server process.
 */
final class SharedRedisServer {

    static final String URL_PROPERTY = "redis.url";
    static final String URL_ENVIRONMENT_VARIABLE = "REDIS_URL";
    static final String IMAGE_PROPERTY = "redis.image";
    static final String DEFAULT_IMAGE = "redis:7.4";

    private static final Logger LOG = LoggerFactory.getLogger(SharedRedisServer.class);

    private static RedisTestServer server;
    private static Runnable release;

    private SharedRedisServer() {
    }

    /** The shared server, started on the first call. */
    static synchronized RedisTestServer get() {
        if (server == null) {
            start();
            LOG.info("Shared Redis for tests: mode {}, Redis {} at {}", server.mode(), server.version(),
                    server.redisUri());
        }
        return server;
    }

    /** Stops the shared server; a later {@link #get()} chooses and starts one again. */
    static synchronized void release() {
        if (server != null) {
            LOG.info("Releasing the shared {} Redis at {}", server.mode(), server.redisUri());
            try {
                release.run();
            } finally {
                server = null;
                release = null;
            }
        }
    }

    private static void start() {
        String url = firstNonBlank(System.getProperty(URL_PROPERTY), System.getenv(URL_ENVIRONMENT_VARIABLE));
        if (url != null) {
            ExternalRedisServer external = ExternalRedisServer.fromUrl(url);
            use(external, external::close);
            return;
        }
        if (dockerAvailable()) {
            String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
            try {
                ExternalRedisServer container = ExternalRedisServer.startContainer(image);
                use(container, container::close);
                return;
            } catch (RuntimeException e) {
                // Docker answers but the container does not start, e.g. the image cannot be pulled offline.
                LOG.warn("Cannot start a {} container, falling back to a local redis-server: {}", image, e.toString());
            }
        }
        LocalRedisServer local = LocalRedisServer.start(LocalRedisOptions.defaults());
        use(local, local::close);
    }

    private static void use(RedisTestServer started, Runnable releaseAction) {
        server = started;
        release = releaseAction;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : null;
    }

    /** Testcontainers may throw, or fail to link, when there is no Docker at all: that means unavailable too. */
    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            LOG.debug("Docker is not available", e);
            return false;
        }
    }
}
