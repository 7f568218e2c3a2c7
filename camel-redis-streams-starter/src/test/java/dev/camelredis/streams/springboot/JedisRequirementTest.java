package dev.camelredis.streams.springboot;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The start fails with the fix when Spring Boot's dependency management brought a Jedis without RedisClient.
 */
class JedisRequirementTest {

    @Test
    void theRequiredVersionIsTheOneTheComponentIsBuiltWith() {
        ClassLoader loader = getClass().getClassLoader();
        assertEquals("Jedis " + JedisRequirement.REQUIRED_VERSION, JedisRequirement.found(loader),
                "the project's jedis.version changed: update JedisRequirement.REQUIRED_VERSION");
        assertEquals(JedisRequirement.REQUIRED_CLASS, RedisClient.class.getName());
        JedisRequirement.check(loader);
    }

    @Test
    void aJedisWithoutRedisClientFailsTheStartWithTheFix() {
        ClassLoader withoutRedisClient = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(JedisRequirement.REQUIRED_CLASS)) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JedisRequirement.check(withoutRedisClient));
        assertEquals("camel-redis-streams needs Jedis 8.0.2 (redis.clients:jedis) but the classpath has Jedis 8.0.2, without"
                     + " redis.clients.jedis.RedisClient. Spring Boot's dependency management sets it: with"
                     + " spring-boot-starter-parent, set the property <jedis.version>8.0.2</jedis.version>; when you"
                     + " import spring-boot-dependencies, declare redis.clients:jedis:8.0.2 in your dependencyManagement;"
                     + " with Gradle's dependency-management plugin, set ext['jedis.version'] = '8.0.2'", e.getMessage());
    }
}
