package dev.camelredis.streams.springboot;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The test's class loader as it would be with another Jedis: another version in Jedis' Maven metadata (none when the
 * version is null), and optionally without RedisClient.
 */
final class JedisClassLoader extends ClassLoader {

    private final String version;
    private final boolean withoutRedisClient;

    JedisClassLoader(ClassLoader parent, String version, boolean withoutRedisClient) {
        super(parent);
        this.version = version;
        this.withoutRedisClient = withoutRedisClient;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (withoutRedisClient && name.equals(JedisRequirement.REQUIRED_CLASS)) {
            throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.equals("META-INF/maven/redis.clients/jedis/pom.properties")) {
            return version == null ? null
                    : new ByteArrayInputStream(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return super.getResourceAsStream(name);
    }
}
