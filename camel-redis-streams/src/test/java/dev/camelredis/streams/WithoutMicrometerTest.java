package dev.camelredis.streams;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micrometer is an optional dependency: an application without it on its classpath must still load, start and run the
 * consumer. The test runs a route in a class loader that holds the test classpath minus Micrometer's jars.
 */
class WithoutMicrometerTest extends RedisStreamsTestSupport {

    @Test
    void consumerRunsWithoutMicrometerOnTheClasspath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        int left = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.contains(File.separator + "io" + File.separator + "micrometer" + File.separator)) {
                left++;
            } else {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        assertTrue(left > 0, "the test classpath has Micrometer's jars to leave out: " + classPath);

        String key = uniqueKey("no-micrometer");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated));
            Thread.currentThread().setContextClassLoader(isolated);
            Object acked = Class.forName(RouteWithoutMicrometer.class.getName(), true, isolated)
                    .getMethod("consume", String.class, String.class).invoke(null, server().redisUri(), key);
            assertEquals(3L, acked);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the route failed without Micrometer", e.getCause());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        assertEquals(0, pendingCount(key, "g"));
    }

    /**
     * Loaded by the isolated class loader: everything it touches comes from there.
     */
    public static final class RouteWithoutMicrometer {

        private RouteWithoutMicrometer() {
        }

        /**
         * Sends three entries through a route pair and returns how many the consumer acknowledged.
         */
        public static long consume(String redisUri, String key) throws Exception {
            CamelContext context = new DefaultCamelContext();
            try {
                context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration().setRedisUri(redisUri);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("redis-streams:" + key + "?group=g&startId=0").routeId("plain").to("log:x?level=OFF");
                    }
                });
                context.start();
                ProducerTemplate producer = context.createProducerTemplate();
                for (int i = 0; i < 3; i++) {
                    producer.sendBody("redis-streams:" + key, "entry-" + i);
                }
                RedisStreamsConsumer consumer = (RedisStreamsConsumer) context.getRoute("plain").getConsumer();
                long deadline = System.currentTimeMillis() + 10_000;
                while (consumer.getAcked() < 3 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                return consumer.getAcked();
            } finally {
                context.stop();
            }
        }
    }
}
