package dev.camelredis.streams.springboot;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start fails with the fix when Spring Boot's dependency management brought an older Jedis.
 */
class JedisRequirementTest {

    private static final String FIX = ". Spring Boot's dependency management sets it: with spring-boot-starter-parent,"
                                      + " set the property <jedis.version>8.0.2</jedis.version>; when you import"
                                      + " spring-boot-dependencies, declare redis.clients:jedis:8.0.2 in your"
                                      + " dependencyManagement; with Gradle's dependency-management plugin, set"
                                      + " ext['jedis.version'] = '8.0.2'";

    @Test
    void theRequiredVersionIsTheOneTheComponentIsBuiltWith() {
        ClassLoader loader = getClass().getClassLoader();
        assertEquals(JedisRequirement.REQUIRED_VERSION, JedisRequirement.version(loader),
                "the project's jedis.version changed: update JedisRequirement.REQUIRED_VERSION");
        assertEquals(JedisRequirement.REQUIRED_CLASS, RedisClient.class.getName());
        JedisRequirement.check(loader);
    }

    @Test
    void springBoot41sJedisFailsTheStartWithTheFix() {
        ClassLoader jedis741 = new JedisClassLoader(getClass().getClassLoader(), "7.4.1", false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JedisRequirement.check(jedis741));
        assertEquals("camel-redis-streams needs Jedis 8.0.2 or later (redis.clients:jedis) but the classpath has Jedis"
                     + " 7.4.1" + FIX, e.getMessage());
    }

    @Test
    void aJedisWithoutRedisClientFailsTheStartWithTheFix() {
        ClassLoader withoutRedisClient = new JedisClassLoader(getClass().getClassLoader(), null, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JedisRequirement.check(withoutRedisClient));
        assertEquals("camel-redis-streams needs Jedis 8.0.2 or later (redis.clients:jedis) but the classpath has a Jedis"
                     + " without redis.clients.jedis.RedisClient" + FIX, e.getMessage());
    }

    @Test
    void laterVersionsPass() {
        JedisRequirement.check(new JedisClassLoader(getClass().getClassLoader(), "8.1.0", false));
        JedisRequirement.check(new JedisClassLoader(getClass().getClassLoader(), "10.0.0-beta1", false));
        assertTrue(JedisRequirement.compare("8.0.10", "8.0.2") > 0);
        assertTrue(JedisRequirement.compare("7.10", "8.0.2") < 0);
        assertEquals(0, JedisRequirement.compare("8.0.2", "8.0.2"));
    }
}
