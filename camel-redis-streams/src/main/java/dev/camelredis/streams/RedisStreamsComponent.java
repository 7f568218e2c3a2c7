package dev.camelredis.streams;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import dev.camelredis.streams.connection.SharedRedisClients;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.GeneratedPropertyConfigurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * Creates redis-streams endpoints. Options set on the component are the defaults of every endpoint it creates.
 */
@Component("redis-streams")
public class RedisStreamsComponent extends HealthCheckComponent {

    @Metadata
    private RedisStreamsConfiguration configuration = new RedisStreamsConfiguration();

    private SharedRedisClients sharedClients;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(
                    "The stream key is missing from " + uri + ": write redis-streams:<streamKey>, for example redis-streams:events:orders");
        }
        requireEnumValue(parameters, "ackMode", AckMode.class);
        DurationText.requireDurations(parameters);
        RedisStreamsEndpoint endpoint = new RedisStreamsEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        endpoint.validateOptions();
        return endpoint;
    }

    /**
     * Camel's own enum conversion error does not list the accepted values: check first, to say them.
     */
    private static <E extends Enum<E>> void requireEnumValue(Map<String, Object> parameters, String option, Class<E> type) {
        Object value = parameters.get(option);
        if (value instanceof String text) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(text)) {
                    return;
                }
            }
            throw new IllegalArgumentException("Option " + option + " must be one of "
                                               + Arrays.toString(type.getEnumConstants()) + " but was " + text);
        }
    }

    /**
     * The generated configurer, checking duration texts first: component options set from properties (such as
     * camel.component.redis-streams.claimMinIdleTime) would otherwise read a mistyped duration as 0 ms.
     */
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        PropertyConfigurer generated = super.getComponentPropertyConfigurer();
        return generated instanceof PropertyConfigurerGetter getter ? new DurationCheckingConfigurer(generated, getter) : generated;
    }

    private record DurationCheckingConfigurer(PropertyConfigurer configurer, PropertyConfigurerGetter getter)
            implements GeneratedPropertyConfigurer, PropertyConfigurerGetter {

        @Override
        public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
            DurationText.requireDurations(Collections.singletonMap(name, value));
            return configurer.configure(camelContext, target, name, value, ignoreCase);
        }

        @Override
        public Class<?> getOptionType(String name, boolean ignoreCase) {
            return getter.getOptionType(name, ignoreCase);
        }

        @Override
        public String[] getAutowiredNames() {
            return getter.getAutowiredNames();
        }

        @Override
        public Object getCollectionValueType(Object target, String name, boolean ignoreCase) {
            return getter.getCollectionValueType(target, name, ignoreCase);
        }

        @Override
        public Object getOptionValue(Object target, String name, boolean ignoreCase) {
            return getter.getOptionValue(target, name, ignoreCase);
        }
    }

    synchronized SharedRedisClients sharedClients() {
        if (sharedClients == null) {
            sharedClients = new SharedRedisClients(getCamelContext());
        }
        return sharedClients;
    }

    public RedisStreamsConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The defaults for all endpoints of this component.
     */
    public void setConfiguration(RedisStreamsConfiguration configuration) {
        this.configuration = configuration;
    }
}
