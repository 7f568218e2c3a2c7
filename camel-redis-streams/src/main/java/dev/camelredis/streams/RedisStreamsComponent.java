package dev.camelredis.streams;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.camelredis.streams.connection.SharedRedisClients;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Creates redis-streams endpoints. Options set on the component are the defaults of every endpoint it creates.
 */
@Component("redis-streams")
public class RedisStreamsComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsComponent.class);
    /** As Camel compares option names with sensitive keywords: lower case. */
    private static final String SENSITIVE_OPTION = "redisuri";

    @Metadata
    private RedisStreamsConfiguration configuration = new RedisStreamsConfiguration();

    private SharedRedisClients sharedClients;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(
                    "The stream key is missing from " + uri + ": write redis-streams:<streamKey>, for example redis-streams:events:orders");
        }
        boolean clientNamed = parameters.keySet().stream().anyMatch("redisClient"::equalsIgnoreCase);
        List<String> connectionOptions = RedisStreamsConfiguration.CONNECTION_OPTIONS.stream()
                .filter(option -> parameters.keySet().stream().anyMatch(option::equalsIgnoreCase))
                .toList();
        RedisStreamsEndpoint endpoint = new RedisStreamsEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        chooseClient(endpoint.getConfiguration(), clientNamed, connectionOptions);
        endpoint.validateOptions();
        return endpoint;
    }

    /**
     * Decides between a client bean and the connection options, in one place: Camel's own autowiring is turned off
     * (see {@link #isAutowiredEnabled()}), since it would let a bean in the registry override the connection options
     * an endpoint or the component names.
     *
     * @param clientNamed       whether the endpoint URI names redisClient
     * @param connectionOptions the connection options the endpoint URI names
     */
    private void chooseClient(RedisStreamsConfiguration endpointConfiguration, boolean clientNamed,
                              List<String> connectionOptions) {
        if (endpointConfiguration.getRedisClient() != null) {
            // named on the endpoint, or on the component: the component's connection options are defaults only
            List<String> conflicting = clientNamed || !connectionOptions.isEmpty()
                    ? connectionOptions : configuration.connectionOptionsSet();
            if (!conflicting.isEmpty()) {
                String where = clientNamed ? "" : " of the component";
                String options = String.join(", ", conflicting);
                throw new IllegalArgumentException(
                        "Option redisClient" + where + " cannot be combined with " + options
                                                   + ": the client brings its own server and credentials. Remove redisClient"
                                                   + where + " to connect with the options, or remove " + options
                                                   + " to use the client");
            }
            return;
        }
        if (connectionOptions.isEmpty() && configuration.connectionOptionsSet().isEmpty() && super.isAutowiredEnabled()
                && !Boolean.FALSE.equals(getCamelContext().isAutowiredEnabled())) {
            UnifiedJedis single = getCamelContext().getRegistry().findSingleByType(UnifiedJedis.class);
            if (single != null) {
                LOG.debug("Autowired the only UnifiedJedis in the registry ({}) as redisClient", single.getClass().getName());
                endpointConfiguration.setRedisClient(single);
            }
        }
    }

    /**
     * Camel masks the values of options it knows as sensitive by their names (password, username ...), for example in
     * camel-main's summary of the configured properties; redisUri may hold a password too.
     */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        super.setCamelContext(camelContext);
        if (camelContext == null) {
            return;
        }
        ExtendedCamelContext extension = camelContext.getCamelContextExtension();
        String keywords = extension.getAdditionalSensitiveKeywords();
        if (keywords == null || keywords.isBlank()) {
            extension.setAdditionalSensitiveKeywords(SENSITIVE_OPTION);
        } else if (!Arrays.asList(keywords.toLowerCase(Locale.ENGLISH).split(",")).contains(SENSITIVE_OPTION)) {
            extension.setAdditionalSensitiveKeywords(keywords + "," + SENSITIVE_OPTION);
        }
    }

    /**
     * Tells Camel not to autowire this component and its endpoints: its only autowired option, redisClient, is
     * autowired by {@link #createEndpoint} when no connection option is set. The option autowiredEnabled still decides
     * whether it is.
     */
    @Override
    public boolean isAutowiredEnabled() {
        return false;
    }

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return OptionCheckingConfigurer.wrap(super.getComponentPropertyConfigurer());
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return OptionCheckingConfigurer.wrap(super.getEndpointPropertyConfigurer());
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
