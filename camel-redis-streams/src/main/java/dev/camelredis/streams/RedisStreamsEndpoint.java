package dev.camelredis.streams;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.camelredis.streams.connection.RedisConnection;
import dev.camelredis.streams.connection.RedisConnectionSettings;
import dev.camelredis.streams.connection.SharedRedisClients;
import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import dev.camelredis.streams.consumer.RedisStreamsPollingConsumer;
import dev.camelredis.streams.health.LoopHealth;
import dev.camelredis.streams.health.RedisStreamsProducerHealthCheck;
import dev.camelredis.streams.producer.RedisStreamsProducer;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.PollingConsumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.URISupport;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Consume a Redis stream through a consumer group (XREADGROUP, XACK once the exchange completed) and append entries
 * to it (XADD).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "redis-streams", title = "Redis Streams", syntax = "redis-streams:streamKey",
             category = { Category.MESSAGING }, headersClass = RedisStreamsConstants.class)
public class RedisStreamsEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    private static final Pattern START_ID = Pattern.compile("\\$|\\d+(-\\d+)?");

    @UriPath(description = "The key of the stream, for example events:orders")
    @Metadata(required = true)
    private final String streamKey;

    @UriParam
    private final RedisStreamsConfiguration configuration;

    private RedisConnectionSettings connectionSettings;
    private volatile RedisConnection connection;
    /** Shared by all producers of this endpoint: one health check per endpoint. */
    private final LoopHealth producerHealth = new LoopHealth();
    private RedisStreamsProducerHealthCheck producerHealthCheck;
    private volatile MaskedUri maskedUri;

    RedisStreamsEndpoint(String uri, RedisStreamsComponent component, String streamKey,
                         RedisStreamsConfiguration configuration) {
        super(uri, component);
        this.streamKey = streamKey;
        this.configuration = configuration;
    }

    /**
     * Checks the options once they are all set, so that a bad value fails the endpoint's creation.
     */
    void validateOptions() {
        configuration.validate();
        if (!START_ID.matcher(String.valueOf(configuration.getStartId())).matches()) {
            throw new IllegalArgumentException(
                    "Option startId must be $, 0 or an entry ID such as 1700000000000-0 but was " + configuration.getStartId());
        }
        if (configuration.getRedisClient() == null) {
            connectionSettings = RedisConnectionSettings.from(configuration);
        }
    }

    @Override
    public Producer createProducer() throws Exception {
        return new RedisStreamsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        requireGroup();
        RedisStreamsConsumer consumer = new RedisStreamsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public PollingConsumer createPollingConsumer() throws Exception {
        requireGroup();
        if (configuration.getShards() > 1) {
            throw new IllegalArgumentException("A ConsumerTemplate cannot read the sharded stream " + describe() + " (shards="
                                               + configuration.getShards() + "): consume it with a route, from(\"redis-streams:"
                                               + streamKey + "?group=...&shards=" + configuration.getShards() + "\")");
        }
        if (configuration.isBatching()) {
            throw new IllegalArgumentException("A ConsumerTemplate receives one entry per call, so batching=true does not"
                                               + " apply to " + describe() + ": remove batching, or consume the batches"
                                               + " with a route, from(\"redis-streams:" + streamKey
                                               + "?group=...&batching=true\")");
        }
        RedisStreamsPollingConsumer consumer = new RedisStreamsPollingConsumer(this);
        configurePollingConsumer(consumer);
        return consumer;
    }

    private void requireGroup() {
        if (configuration.getGroup() == null || configuration.getGroup().isBlank()) {
            throw new IllegalArgumentException(
                    "Option group is required to consume from " + describe() + ": add ?group=<name>, for example "
                                               + "redis-streams:" + streamKey + "?group=order_processors");
        }
    }

    /**
     * Takes the client; a client of the component connects on first use, so the endpoint starts while Redis is down.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        requireDeadLettersInTheStreamSlots();
        UnifiedJedis userClient = configuration.getRedisClient();
        connection = userClient != null
                ? SharedRedisClients.userOwned(userClient)
                : ((RedisStreamsComponent) getComponent()).sharedClients().acquire(connectionSettings);
    }

    /**
     * An entry moves to the dead-letter stream in one script, and Redis Cluster runs a script only on keys of one
     * slot: a configured name in another slot would fail at the first dead letter, long after the start.
     */
    private void requireDeadLettersInTheStreamSlots() {
        if (configuration.getDeadLetterStream() == null || !isCluster()) {
            return;
        }
        for (String key : shardKeys()) {
            String deadLetters = deadLetterStream(key);
            if (JedisClusterCRC16.getSlot(key) != JedisClusterCRC16.getSlot(deadLetters)) {
                String fix = configuration.getShards() > 1
                        ? "Each shard's hash tag is appended to deadLetterStream: leave braces out of it"
                        : "Give it the stream's hash tag, for example deadLetterStream=" + hashTag(key) + ":dlq";
                throw new IllegalArgumentException(
                        "Option deadLetterStream: the dead-letter stream '" + deadLetters + "' of stream '" + key
                                                   + "' hashes to cluster slot " + JedisClusterCRC16.getSlot(deadLetters)
                                                   + ", the stream to slot " + JedisClusterCRC16.getSlot(key)
                                                   + ". An entry moves to it in one script, which Redis Cluster runs only on"
                                                   + " keys of one slot. " + fix
                                                   + ", or leave deadLetterStream out for the default");
            }
        }
    }

    @SuppressWarnings("deprecation")
    private boolean isCluster() {
        UnifiedJedis client = configuration.getRedisClient();
        return client == null ? configuration.getClusterNodes() != null
                : client instanceof RedisClusterClient || client instanceof JedisCluster;
    }

    /**
     * Whether the endpoint's client has reached Redis since the endpoint started: health checks report DOWN until
     * then.
     */
    public boolean isConnected() {
        RedisConnection current = connection;
        return current != null && current.isConnected();
    }

    /**
     * Adds this endpoint's producer check to Camel's "producers" health repository, once, when producer checks are
     * enabled on the component.
     */
    public synchronized void registerProducerHealthCheck() {
        if (producerHealthCheck != null || !((HealthCheckComponent) getComponent()).isHealthCheckProducerEnabled()) {
            return;
        }
        WritableHealthCheckRepository repository = HealthCheckHelper.getHealthCheckRepository(getCamelContext(),
                "producers", WritableHealthCheckRepository.class);
        if (repository != null) {
            producerHealthCheck = new RedisStreamsProducerHealthCheck(this, producerHealth);
            repository.addHealthCheck(producerHealthCheck);
        }
    }

    public LoopHealth producerHealth() {
        return producerHealth;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (producerHealthCheck != null) {
                HealthCheckHelper.getHealthCheckRepository(getCamelContext(), "producers", WritableHealthCheckRepository.class)
                        .removeHealthCheck(producerHealthCheck);
                producerHealthCheck = null;
            }
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        super.doStop();
    }

    /**
     * The client of this endpoint; valid while the endpoint is started.
     */
    public UnifiedJedis client() {
        if (connection == null) {
            throw new IllegalStateException("Endpoint " + describe() + " is not started");
        }
        return connection.client();
    }

    /**
     * The endpoint and its server for logs and errors: never shows a password.
     */
    public String describe() {
        String server = connection != null ? connection.description()
                : configuration.getRedisClient() != null ? "the redisClient bean"
                : connectionSettings != null ? connectionSettings.toString()
                : RedisConnectionSettings.maskUserInfo(configuration.getRedisUri());
        return "redis-streams:" + streamKey + " (" + server + ")";
    }

    /**
     * The consumer name of this endpoint: the option, or hostname-pid.
     */
    public String baseConsumerName() {
        if (configuration.getConsumerName() != null && !configuration.getConsumerName().isBlank()) {
            return configuration.getConsumerName();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The keys the logical stream is stored in: the stream key, or with shards=n the keys streamKey:{0} ...
     * streamKey:{n-1}, whose hash tags let each shard live on its own cluster node.
     */
    public List<String> shardKeys() {
        int shards = configuration.getShards();
        if (shards == 1) {
            return List.of(streamKey);
        }
        List<String> keys = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            keys.add(streamKey + ":{" + i + "}");
        }
        return keys;
    }

    /**
     * The dead-letter stream of one stream key. It must share the key's hash slot, since an entry moves to it in one
     * script: by default the key with the suffix :dlq, with the key in braces on a cluster when it has no hash tag of
     * its own; a configured name gets the shard's hash tag when the stream is sharded.
     */
    public String deadLetterStream(String key) {
        String configured = configuration.getDeadLetterStream();
        if (configured != null) {
            return configuration.getShards() == 1 ? configured : configured + key.substring(key.lastIndexOf(":{"));
        }
        return isCluster() && !hasHashTag(key) ? "{" + key + "}:dlq" : key + ":dlq";
    }

    private static boolean hasHashTag(String key) {
        // as Redis reads it: the first { and the first } after it, with something in between
        int open = key.indexOf('{');
        return open >= 0 && key.indexOf('}', open + 1) > open + 1;
    }

    /**
     * The hash tag that puts another key in the slot of this one: its own, or the whole key in braces.
     */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        return hasHashTag(key) ? key.substring(open, key.indexOf('}', open + 1) + 1) : "{" + key + "}";
    }

    public String getStreamKey() {
        return streamKey;
    }

    public RedisStreamsConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public String getServiceUrl() {
        return ServiceLocation.of(connectionSettings).url();
    }

    @Override
    public String getServiceProtocol() {
        return ServiceLocation.of(connectionSettings).protocol();
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return ServiceLocation.of(connectionSettings).metadata();
    }

    /**
     * The URI with its passwords masked (the password option, the userinfo of redisUri): Camel shows endpoint URIs as
     * they are, in the endpoint dev console, the CLI and route listings. The endpoint is found and compared by the URI
     * as written.
     */
    @Override
    public String getEndpointUri() {
        String written = super.getEndpointUri();
        MaskedUri masked = maskedUri;
        if (masked == null || masked.written() != written) {
            masked = new MaskedUri(written, written == null ? null : URISupport.sanitizeUri(written));
            maskedUri = masked;
        }
        return masked.shown();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisStreamsEndpoint that && Objects.equals(writtenUri(), that.writtenUri())
               && getCamelContext() == that.getCamelContext();
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(writtenUri());
    }

    private String writtenUri() {
        return super.getEndpointUri();
    }

    /** Computed once per URI, since Camel reads the endpoint URI for every exchange it sends. */
    private record MaskedUri(String written, String shown) {
    }

    /**
     * The scheme and stream key only: Camel's metrics use an endpoint's text in tags and names, where neither the
     * server's address nor the other options belong. Logs and errors use {@link #describe()}.
     */
    @Override
    public String toString() {
        return "Endpoint[redis-streams://" + streamKey + "]";
    }
}
