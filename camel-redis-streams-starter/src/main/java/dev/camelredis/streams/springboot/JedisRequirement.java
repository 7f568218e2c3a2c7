package dev.camelredis.streams.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.springframework.util.ClassUtils;

/**
 * The component is built on Jedis 8's clients (RedisClient, RedisClusterClient, RedisSentinelClient). Spring Boot's
 * dependency management pins an older Jedis (the property jedis.version), which wins over the version this starter
 * asks for in a Maven build: say so at start, with the fix, instead of a NoClassDefFoundError later.
 */
final class JedisRequirement {

    /** The Jedis the component is built and tested with. */
    static final String REQUIRED_VERSION = "8.0.2";
    static final String REQUIRED_CLASS = "redis.clients.jedis.RedisClient";
    private static final String POM_PROPERTIES = "META-INF/maven/redis.clients/jedis/pom.properties";

    private JedisRequirement() {
    }

    /**
     * @throws IllegalStateException when the class loader has no Jedis 8
     */
    static void check(ClassLoader loader) {
        if (!ClassUtils.isPresent(REQUIRED_CLASS, loader)) {
            throw new IllegalStateException(
                    "camel-redis-streams needs Jedis " + REQUIRED_VERSION + " (redis.clients:jedis) but the classpath has "
                                            + found(loader) + ", without " + REQUIRED_CLASS
                                            + ". Spring Boot's dependency management sets it: with"
                                            + " spring-boot-starter-parent, set the property <jedis.version>"
                                            + REQUIRED_VERSION + "</jedis.version>; when you import"
                                            + " spring-boot-dependencies, declare redis.clients:jedis:" + REQUIRED_VERSION
                                            + " in your dependencyManagement; with Gradle's dependency-management plugin,"
                                            + " set ext['jedis.version'] = '" + REQUIRED_VERSION + "'");
        }
    }

    /** The Jedis jar the class loader sees, by the version in its Maven metadata. */
    static String found(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "no Jedis";
            }
            Properties properties = new Properties();
            properties.load(in);
            return "Jedis " + properties.getProperty("version", "of an unknown version");
        } catch (IOException e) {
            return "Jedis of an unknown version";
        }
    }
}
