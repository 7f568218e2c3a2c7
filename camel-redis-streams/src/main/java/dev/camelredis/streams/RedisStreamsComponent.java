package dev.camelredis.streams;

import java.util.Arrays;
import java.util.Map;

import dev.camelredis.streams.connection.SharedRedisClients;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
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
