package dev.camelredis.streams.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.camelredis.streams.RedisStreamsComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the redis-streams component from the properties camel.component.redis-streams.*, as camel-spring-boot's
 * own starters configure theirs: a {@link ComponentCustomizer} copies the properties that are set onto the component
 * when Camel creates it. camel.component.redis-streams.enabled=false (or camel.component.enabled=false) turns it off,
 * and so does camel.component.redis-streams.customizer.enabled=false for the copying.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, RedisStreamsComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.redis-streams" })
public class RedisStreamsComponentAutoConfiguration {

    private static final String CONFIGURATION = "configuration";

    public RedisStreamsComponentAutoConfiguration(ApplicationContext applicationContext) {
        // fail the start with the fix, rather than a route with a NoClassDefFoundError or untested behaviour
        JedisRequirement.check(applicationContext.getClassLoader());
    }

    @Lazy
    @Bean
    ComponentCustomizer configureRedisStreamsComponent(ApplicationContext applicationContext,
                                                       RedisStreamsComponentConfiguration configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(target.getCamelContext(),
                        configurationFirst(CamelPropertiesHelper.getNonNullProperties(target.getCamelContext(), configuration)),
                        target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof RedisStreamsComponent
                       && HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                               "camel.component.redis-streams.customizer");
            }
        };
    }

    /**
     * The configuration option replaces the component's whole configuration object, which the other options write
     * into: set it first, or it would discard those set before it.
     */
    static Map<String, Object> configurationFirst(Map<String, Object> properties) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        if (properties.containsKey(CONFIGURATION)) {
            ordered.put(CONFIGURATION, properties.get(CONFIGURATION));
        }
        ordered.putAll(properties);
        return ordered;
    }
}
