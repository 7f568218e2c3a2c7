package dev.camelredis.streams.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.springframework.util.ClassUtils;

/**
 * The component is built and tested with Jedis 8. Spring Boot's dependency management pins an older Jedis (the
 * property jedis.version: 7.0.0 in Boot 4.0, without the RedisClient the component uses; 7.4.1 in Boot 4.1), which
 * wins over the version this starter asks for in a Maven build: say so at start, with the fix, instead of a
 * NoClassDefFoundError or untested behaviour later.
 */
final class JedisRequirement {

    /** The Jedis the component is built and tested with. */
    static final String REQUIRED_VERSION = "8.0.2";
    static final String REQUIRED_CLASS = "redis.clients.jedis.RedisClient";
    private static final String POM_PROPERTIES = "META-INF/maven/redis.clients/jedis/pom.properties";

    private JedisRequirement() {
    }

    /**
     * @throws IllegalStateException when the class loader has a Jedis older than {@link #REQUIRED_VERSION}, or one
     *                               without RedisClient
     */
    static void check(ClassLoader loader) {
        String version = version(loader);
        boolean tooOld = version != null && compare(version, REQUIRED_VERSION) < 0;
        if (tooOld || !ClassUtils.isPresent(REQUIRED_CLASS, loader)) {
            throw new IllegalStateException(
                    "camel-redis-streams needs Jedis " + REQUIRED_VERSION + " or later (redis.clients:jedis) but the"
                                            + " classpath has " + (version == null ? "a Jedis without " + REQUIRED_CLASS
                                                    : "Jedis " + version)
                                            + ". Spring Boot's dependency management sets it: with"
                                            + " spring-boot-starter-parent, set the property <jedis.version>"
                                            + REQUIRED_VERSION + "</jedis.version>; when you import"
                                            + " spring-boot-dependencies, declare redis.clients:jedis:" + REQUIRED_VERSION
                                            + " in your dependencyManagement; with Gradle's dependency-management plugin,"
                                            + " set ext['jedis.version'] = '" + REQUIRED_VERSION + "'");
        }
    }

    /** The version of the Jedis jar the class loader sees, from its Maven metadata; null when it has none. */
    static String version(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** Compares the numbers of two versions such as 7.4.1 and 8.0.2-beta1, part by part; what follows a - is ignored. */
    static int compare(String version, String other) {
        String[] a = version.split("-", 2)[0].split("\\.");
        String[] b = other.split("-", 2)[0].split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int difference = Integer.compare(part(a, i), part(b, i));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int index) {
        if (index >= parts.length) {
            return 0;
        }
        String digits = parts[index].replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
