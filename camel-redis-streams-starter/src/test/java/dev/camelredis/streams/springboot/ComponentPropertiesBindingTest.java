package dev.camelredis.streams.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.camelredis.streams.RedisStreamsComponent;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.springboot.StarterSources.Option;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * camel.component.redis-streams.* reaches the component: every option of the component model, each with a value other
 * than its default, in kebab case as application.properties has them; typos and values of the wrong type fail the
 * start naming the property.
 */
class ComponentPropertiesBindingTest {

    private static final String PREFIX = StarterSources.PREFIX + ".";

    /** The beans that the options taking an object refer to, by option name. */
    private static final Map<String, String> BEAN_NAMES = Map.of(
            "configuration", "sharedDefaults",
            "headerFilterStrategy", "ownHeaderFilter",
            "redisClient", "ownRedisClient",
            "sslContextParameters", "ownSsl",
            "workerPool", "ownWorkerPool");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, RedisStreamsComponentAutoConfiguration.class))
            .withBean(BEAN_NAMES.get("configuration"), RedisStreamsConfiguration.class, RedisStreamsConfiguration::new)
            // nothing listens on port 1: the client is never used, only handed over
            .withBean(BEAN_NAMES.get("redisClient"), UnifiedJedis.class,
                    () -> RedisClient.builder().hostAndPort("127.0.0.1", 1).build())
            .withBean(BEAN_NAMES.get("sslContextParameters"), SSLContextParameters.class, SSLContextParameters::new)
            .withBean(BEAN_NAMES.get("headerFilterStrategy"), HeaderFilterStrategy.class, DefaultHeaderFilterStrategy::new)
            .withBean(BEAN_NAMES.get("workerPool"), ExecutorService.class, Executors::newSingleThreadExecutor);

    @Test
    void everyComponentOptionIsBoundFromItsKebabCaseProperty() throws Exception {
        List<Option> options = StarterSources.options(StarterSources.loadModel());
        List<String> properties = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        for (int index = 0; index < options.size(); index++) {
            Option option = options.get(index);
            properties.add(PREFIX + option.propertyName() + "=" + propertyValue(option, index));
            expected.put(option.name(), componentValue(option, index));
        }
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertNull(context.getStartupFailure());
            RedisStreamsComponent component = component(context);
            PropertyConfigurerGetter configurer = (PropertyConfigurerGetter) component.getComponentPropertyConfigurer();
            Map<String, String> actual = new TreeMap<>();
            for (Option option : options) {
                Object value = configurer.getOptionValue(component, option.name(), false);
                String bean = BEAN_NAMES.get(option.name());
                actual.put(option.name(), bean != null && value == context.getBean(bean) ? "bean " + bean : String.valueOf(value));
            }
            assertEquals(expected, actual, "component options after binding");
            assertSame(context.getBean(BEAN_NAMES.get("configuration")), component.getConfiguration(),
                    "the configuration bean, with every other option written into it");
        });
    }

    @Test
    void optionsNotSetKeepTheComponentDefaultsAndDurationsTakeSpringsFormats() {
        runner.withPropertyValues(PREFIX + "group=orders", PREFIX + "maxDeliveries=4", PREFIX + "claim-min-idle-time=90s",
                PREFIX + "claim-interval=PT0.25S", PREFIX + "block-timeout=750ms", PREFIX + "reconnect-delay=1500").run(context -> {
                    RedisStreamsConfiguration configuration = component(context).getConfiguration();
                    assertEquals("orders", configuration.getGroup());
                    assertEquals(4, configuration.getMaxDeliveries(), "camelCase keys bind too");
                    assertEquals(90_000, configuration.getClaimMinIdleTime());
                    assertEquals(250, configuration.getClaimInterval());
                    assertEquals(750, configuration.getBlockTimeout());
                    assertEquals(1500, configuration.getReconnectDelay(), "a plain number is milliseconds");
                    RedisStreamsConfiguration defaults = new RedisStreamsConfiguration();
                    assertEquals(defaults.getRedisUri(), configuration.getRedisUri());
                    assertEquals(defaults.getReconnectMaxDelay(), configuration.getReconnectMaxDelay());
                    assertEquals(defaults.getStartId(), configuration.getStartId());
                });
    }

    @Test
    void aMistypedPropertyFailsTheStartNamingIt() {
        runner.withPropertyValues(PREFIX + "claim-min-idel-time=5s").run(context -> {
            String failure = failure(context);
            assertTrue(failure.contains(PREFIX + "claim-min-idel-time"), failure);
        });
    }

    @Test
    void aValueOfTheWrongTypeFailsTheStartNamingTheProperty() {
        for (String property : List.of("claim-min-idle-time=soon", "ack-mode=SOMETIMES", "max-deliveries=three",
                "create-group=maybe")) {
            runner.withPropertyValues(PREFIX + property).run(context -> {
                String failure = failure(context);
                String name = PREFIX + property.substring(0, property.indexOf('='));
                assertTrue(failure.contains(name), () -> property + ": " + failure);
            });
        }
    }

    @Test
    void aReferenceToAMissingBeanFailsWhenTheComponentIsCreated() {
        runner.withPropertyValues(PREFIX + "ssl-context-parameters=#noSuchBean").run(context -> {
            assertNull(context.getStartupFailure());
            Exception e = assertThrows(Exception.class, () -> component(context));
            assertTrue(messages(e).contains("noSuchBean"), messages(e));
        });
    }

    @Test
    void disabledAutoConfigurationLeavesTheComponentAlone() {
        runner.withPropertyValues(PREFIX + "enabled=false", PREFIX + "group=orders").run(context -> {
            assertNull(context.getStartupFailure());
            assertNull(component(context).getConfiguration().getGroup());
        });
        runner.withPropertyValues(PREFIX + "customizer.enabled=false", PREFIX + "group=orders").run(context -> {
            assertNull(component(context).getConfiguration().getGroup());
        });
    }

    @Test
    void anOlderJedisFailsTheStartWithTheFix() {
        runner.withClassLoader(new JedisClassLoader(getClass().getClassLoader(), "7.4.1", false)).run(context -> {
            String failure = failure(context);
            assertTrue(failure.contains("camel-redis-streams needs Jedis 8.0.2 or later (redis.clients:jedis) but the"
                                        + " classpath has Jedis 7.4.1."), failure);
        });
    }

    private static RedisStreamsComponent component(AssertableApplicationContext context) {
        RedisStreamsComponent component = context.getBean(CamelContext.class).getComponent("redis-streams",
                RedisStreamsComponent.class);
        assertNotNull(component);
        return component;
    }

    private static String failure(AssertableApplicationContext context) {
        assertNotNull(context.getStartupFailure(), "the start should have failed");
        return messages(context.getStartupFailure());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** A value other than the default, and other than that of any other option of the same type. */
    private static String propertyValue(Option option, int index) {
        return switch (option.modelType()) {
            case "string" -> "value-" + index;
            case "integer" -> String.valueOf(100 + index);
            case "boolean" -> String.valueOf(!Boolean.parseBoolean(String.valueOf(option.defaultValue())));
            case "duration" -> (index + 2) + "s";
            case "enum" -> lastOtherThanDefault(option);
            case "object" -> "#" + beanName(option);
            default -> throw new IllegalStateException("No test value for the type " + option.modelType());
        };
    }

    /** What the component reports for the option once the property is bound, as text. */
    private static String componentValue(Option option, int index) {
        return switch (option.modelType()) {
            case "duration" -> String.valueOf((index + 2) * 1000L);
            case "object" -> "bean " + beanName(option);
            default -> propertyValue(option, index);
        };
    }

    private static String beanName(Option option) {
        String name = BEAN_NAMES.get(option.name());
        if (name == null) {
            throw new IllegalStateException("No test bean for the object option " + option.name()
                                            + ": add one to BEAN_NAMES and to the context runner");
        }
        return name;
    }

    private static String lastOtherThanDefault(Option option) {
        List<String> values = option.enumValues();
        String last = values.get(values.size() - 1);
        return last.equals(option.defaultValue()) ? values.get(0) : last;
    }
}
