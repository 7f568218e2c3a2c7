package dev.camelredis.streams.springboot;

import java.time.Duration;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsOperation;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Consume a Redis stream through a consumer group (XREADGROUP, XACK once the exchange completed) and append entries to
 * it (XADD).
 * <p>
 * The options of the redis-streams component, bound from camel.component.redis-streams.*; unknown properties under this
 * prefix fail the start. Only the properties that are set are copied to the component, so that its own defaults apply
 * to the others.
 * <p>
 * Generated from redis-streams.json by StarterSourcesTest: do not edit. Regenerate with mvn -pl
 * camel-redis-streams-starter -am test -Dtest=StarterSourcesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dstarter.update=true
 */
@ConfigurationProperties(prefix = "camel.component.redis-streams", ignoreUnknownFields = false)
public class RedisStreamsComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Use Redis Cluster: some nodes of the cluster as host:port,host:port (or redis:// / rediss:// URIs for TLS). The
     * client discovers the others. Credentials come from username and password; redisUri is not used.
     */
    private String clusterNodes;

    /**
     * The defaults for all endpoints of this component. A reference to a bean of the type
     * dev.camelredis.streams.RedisStreamsConfiguration in the registry: #name.
     */
    private String configuration;

    /**
     * This consumer's name in the group (default: hostname-pid). With more than one of concurrentConsumers each reader
     * gets the suffix -1 ... -n. Keep it stable across restarts so that a restarted consumer finishes the entries it
     * had taken. Producer: the consumer of XCLAIM (the new owner) and XGROUP_DELCONSUMER, unless the header
     * CamelRedisStreamsConsumerName names another.
     */
    private String consumerName;

    /**
     * The database number to select; overrides the database in redisUri (default 0).
     */
    private Integer database;

    /**
     * The consumer group. Required for consumers, which read through it. Producer: the group of XPENDING, XCLAIM,
     * XINFO_CONSUMERS and the XGROUP operations, unless the header CamelRedisStreamsGroup names another.
     */
    private String group;

    /**
     * The field that carries a non-Map body. Producer: a body that is not a Map is stored in this field. Consumer: when
     * an entry has this field, its value is the body; otherwise the body is the Map of all fields.
     */
    private String payloadField;

    /**
     * Carry Camel headers through the stream. Producer: each header becomes the entry field camel-header:name (value
     * converted to String, byte arrays as they are, null values left out). Consumer: such fields become headers again
     * and leave the body and the header CamelRedisStreamsFields. Both sides need it. Camel's own headers (Camel...) are
     * not carried unless headerFilterStrategy says otherwise. Off by default: entry fields are the application's data.
     */
    private Boolean propagateHeaders;

    /**
     * The Redis server as a redis URI: redis://host:port/database, or rediss:// for TLS. Port (6379) and database (0)
     * are optional; credentials may come before the host as user:password followed by an at sign. They are masked
     * wherever the URI is shown; the username and password options override them.
     */
    private String redisUri;

    /**
     * Use Redis Sentinel: the name of the monitored master. Goes with sentinelNodes; the client follows failovers.
     */
    private String sentinelMaster;

    /**
     * Use Redis Sentinel: the sentinels as host:port,host:port (or rediss:// URIs for TLS to sentinels and master).
     * Credentials (username, password) are those of the master; the sentinels are reached without.
     */
    private String sentinelNodes;

    /**
     * Split the logical stream into this many stream keys, streamKey:{0} ... streamKey:{n-1} (hash tags, so that each
     * shard can live on its own cluster node). Producers pick the shard by the header CamelRedisStreamsPartitionKey (a
     * stable hash), or round-robin without it; consumers read every shard.
     */
    private Integer shards;

    /**
     * Where a group created by this consumer, or by the producer's XGROUP_CREATE, starts: $ (only new entries), 0 (the
     * whole stream) or an entry ID.
     */
    private String startId;

    /**
     * Which headers propagateHeaders carries, in each direction (default: all but Camel's own, those whose names start
     * with Camel, camel or org.apache.camel.). Needs propagateHeaders=true. A reference to a bean of the type
     * org.apache.camel.spi.HeaderFilterStrategy in the registry: #name.
     */
    private String headerFilterStrategy;

    /**
     * AUTO: XACK after the exchange completed successfully (at least once). MANUAL: the route calls ack() on the
     * CamelRedisStreamsAcknowledgement header; an entry never acked stays pending and is reclaimed later. NONE: read
     * with NOACK (at most once: entries are never pending).
     */
    private AckMode ackMode;

    /**
     * Route each read batch (at most maxMessagesPerPoll entries) as one exchange whose body is a List of messages, one
     * per entry, each with the body and headers a single entry gets. The whole batch is acknowledged when the exchange
     * completes and stays pending when it fails; split the body in the route when single entries must fail alone.
     */
    private Boolean batching;

    /**
     * How long one XREADGROUP waits for new entries (BLOCK). It also bounds how long a stop waits for a reader.
     */
    private Duration blockTimeout;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as a
     * message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and therefore
     * bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook into the 3rd
     * party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler;

    /**
     * The most entries one reclaim page claims; never more than the reader can start at that moment.
     */
    private Integer claimCount;

    /**
     * How often the reclaimer scans the group's pending entries.
     */
    private Duration claimInterval;

    /**
     * Entries pending in the group for longer than this, whichever consumer holds them (a crashed or hung one), are
     * claimed (XCLAIM) and fed into this route again. 0 turns reclaiming off.
     */
    private Duration claimMinIdleTime;

    /**
     * The number of reader threads, each its own consumer of the group.
     */
    private Integer concurrentConsumers;

    /**
     * Create the group (XGROUP CREATE ... MKSTREAM) when it does not exist, at start and when it is deleted while the
     * consumer runs.
     */
    private Boolean createGroup;

    /**
     * The stream that receives entries that reached maxDeliveries. Default: the stream key with the suffix :dlq, and on
     * a cluster, for a key without a hash tag, the key in braces with that suffix, so that both share a slot. With
     * shards, a configured name gets the shard's hash tag appended.
     */
    private String deadLetterStream;

    /**
     * When greater than 0, an entry already delivered this many times is not routed again: it is moved to the
     * dead-letter stream and acknowledged. 0 retries without limit.
     */
    private Integer maxDeliveries;

    /**
     * The most entries each reader holds at once: exchanges running, the rest of the batch in hand and the batch read
     * ahead. The backpressure of asynchronous routes. 0 means twice maxMessagesPerPoll, so that the next batch is read
     * while the last one is processed; maxInFlight=maxMessagesPerPoll turns that read-ahead off.
     */
    private Integer maxInFlight;

    /**
     * The most entries one XREADGROUP returns (COUNT).
     */
    private Integer maxMessagesPerPoll;

    /**
     * How long an entry is kept from other consumers while its exchange has not completed (or, with ackMode=MANUAL,
     * while ack() was not called): after this it is no longer renewed, its maxInFlight slot is freed, the event is
     * logged and counted (GivenUp), and the entry is delivered again by a reclaimer after claimMinIdleTime. 0 renews
     * forever.
     */
    private Duration maxRenewalTime;

    /**
     * While an exchange is still running, reset its entry's idle time (XCLAIM JUSTID to the same consumer) at about
     * half of claimMinIdleTime, so that no other consumer claims an entry that is slow but healthy.
     */
    private Boolean renewInFlight;

    /**
     * With shardOwnership: how long a shard lease and a membership last without renewal. They are renewed every third
     * of it; a dead consumer's shards move to the others after about this time.
     */
    private Duration shardLeaseTime;

    /**
     * Read each shard with one consumer of the group at a time, so that the entries of one partition key are processed
     * in order: consumers hold shard leases in Redis, renewed while they live and expiring when they die, and spread
     * the shards evenly over the live consumers. Needs a unique consumerName per consumer and concurrentConsumers=1.
     */
    private Boolean shardOwnership;

    /**
     * The first wait before retrying after a failed Redis command; doubled after each further failure.
     */
    private Duration reconnectDelay;

    /**
     * The longest wait between two retries while Redis keeps failing.
     */
    private Duration reconnectMaxDelay;

    /**
     * Trim approximately (MAXLEN or MINID with the tilde: whole macro nodes, much cheaper, keeps a few more entries
     * than asked) instead of exactly.
     */
    private Boolean approximateTrimming;

    /**
     * Let XGROUP_DELCONSUMER and XGROUP_DESTROY delete a consumer or group that still has pending entries. Those
     * entries are lost for good: no consumer of the group can read or acknowledge them again. An option and never a
     * header, so that no message can turn the check off.
     */
    private Boolean force;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer;

    /**
     * Trim entries older than this on each XADD (MINID = now - maxAge); 0 keeps every entry. Also what XTRIM keeps when
     * the message names no limit.
     */
    private Duration maxAge;

    /**
     * Trim the stream to about this many entries on each XADD (MAXLEN); 0 keeps every entry. Also what XTRIM keeps when
     * the message names no limit.
     */
    private Long maxLen;

    /**
     * Do not create the stream when it does not exist (XADD NOMKSTREAM): the exchange fails instead. Also the default
     * of the header CamelRedisStreamsMkStream for XGROUP_CREATE.
     */
    private Boolean noMkStream;

    /**
     * What the producer does with each message: XADD appends it; the other operations read or administer the stream and
     * return their result in the body (see docs/operations.md). The header CamelRedisStreamsOperation overrides it per
     * message.
     */
    private RedisStreamsOperation operation;

    /**
     * Send each XADD in the sender's thread and wait for Redis' reply there (one round trip; a List body in pipelines
     * of up to 1000), then go on with the route in that thread. By default the XADDs of concurrent exchanges share
     * pipelines sent by one thread, and the routes go on on the worker pool; an exchange sent while no other XADD is
     * queued or on its way goes out at once in the sender's thread, and goes on there (unless workerPool is set).
     */
    private Boolean synchronous;

    /**
     * The thread pool on which exchanges go on with their routes after their XADD, instead of one of the producer's own
     * (workerPoolCoreSize, workerPoolMaxSize). It is the caller's: the producer never shuts it down. It should not run
     * tasks in the submitting thread when full (CallerRuns): such exchanges wait for a free thread instead. A reference
     * to a bean of the type java.util.concurrent.ExecutorService in the registry: #name.
     */
    private String workerPool;

    /**
     * The threads the producer's own worker pool keeps, on which exchanges go on with their routes after their XADD.
     */
    private Integer workerPoolCoreSize;

    /**
     * The most threads of the producer's own worker pool, started when its queue is full (maxQueueSize of Camel's
     * default thread pool profile, 1000 unless changed). Beyond that, exchanges wait in the producer for a free thread;
     * the pipeline thread never runs a route.
     */
    private Integer workerPoolMaxSize;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled;

    /**
     * How long to wait for a connection to Redis to open.
     */
    private Duration connectionTimeout;

    /**
     * A Jedis client (UnifiedJedis, RedisClient, RedisClusterClient) to use instead of the connection options. It is
     * owned by the caller: the component never closes it. Cannot be combined with the connection options redisUri,
     * username, password, database, sslContextParameters, clusterNodes, sentinelMaster and sentinelNodes. Autowired
     * when exactly one is in the registry and none of those options is set on the endpoint or the component. A
     * reference to a bean of the type redis.clients.jedis.UnifiedJedis in the registry: #name.
     */
    private String redisClient;

    /**
     * How long to wait for the reply of a command. A blocking read may take blockTimeout plus this before its
     * connection counts as dead.
     */
    private Duration socketTimeout;

    /**
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by default
     * disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled;

    /**
     * The password to authenticate with; overrides the password in redisUri. Never logged.
     */
    private String password;

    /**
     * TLS settings (trust store, key store) for a rediss:// connection. Without it the JVM's default trust store is
     * used. Refused with a plain redis:// URI or plain nodes, which would connect without TLS. A reference to a bean of
     * the type org.apache.camel.support.jsse.SSLContextParameters in the registry: #name.
     */
    private String sslContextParameters;

    /**
     * The ACL user to authenticate as; overrides the user in redisUri.
     */
    private String username;

    public String getClusterNodes() {
        return clusterNodes;
    }

    public void setClusterNodes(String clusterNodes) {
        this.clusterNodes = clusterNodes;
    }

    public String getConfiguration() {
        return configuration;
    }

    public void setConfiguration(String configuration) {
        this.configuration = configuration;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public Integer getDatabase() {
        return database;
    }

    public void setDatabase(Integer database) {
        this.database = database;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getPayloadField() {
        return payloadField;
    }

    public void setPayloadField(String payloadField) {
        this.payloadField = payloadField;
    }

    public Boolean getPropagateHeaders() {
        return propagateHeaders;
    }

    public void setPropagateHeaders(Boolean propagateHeaders) {
        this.propagateHeaders = propagateHeaders;
    }

    public String getRedisUri() {
        return redisUri;
    }

    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public String getSentinelMaster() {
        return sentinelMaster;
    }

    public void setSentinelMaster(String sentinelMaster) {
        this.sentinelMaster = sentinelMaster;
    }

    public String getSentinelNodes() {
        return sentinelNodes;
    }

    public void setSentinelNodes(String sentinelNodes) {
        this.sentinelNodes = sentinelNodes;
    }

    public Integer getShards() {
        return shards;
    }

    public void setShards(Integer shards) {
        this.shards = shards;
    }

    public String getStartId() {
        return startId;
    }

    public void setStartId(String startId) {
        this.startId = startId;
    }

    public String getHeaderFilterStrategy() {
        return headerFilterStrategy;
    }

    public void setHeaderFilterStrategy(String headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }

    public AckMode getAckMode() {
        return ackMode;
    }

    public void setAckMode(AckMode ackMode) {
        this.ackMode = ackMode;
    }

    public Boolean getBatching() {
        return batching;
    }

    public void setBatching(Boolean batching) {
        this.batching = batching;
    }

    public Duration getBlockTimeout() {
        return blockTimeout;
    }

    public void setBlockTimeout(Duration blockTimeout) {
        this.blockTimeout = blockTimeout;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Integer getClaimCount() {
        return claimCount;
    }

    public void setClaimCount(Integer claimCount) {
        this.claimCount = claimCount;
    }

    public Duration getClaimInterval() {
        return claimInterval;
    }

    public void setClaimInterval(Duration claimInterval) {
        this.claimInterval = claimInterval;
    }

    public Duration getClaimMinIdleTime() {
        return claimMinIdleTime;
    }

    public void setClaimMinIdleTime(Duration claimMinIdleTime) {
        this.claimMinIdleTime = claimMinIdleTime;
    }

    public Integer getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(Integer concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public Boolean getCreateGroup() {
        return createGroup;
    }

    public void setCreateGroup(Boolean createGroup) {
        this.createGroup = createGroup;
    }

    public String getDeadLetterStream() {
        return deadLetterStream;
    }

    public void setDeadLetterStream(String deadLetterStream) {
        this.deadLetterStream = deadLetterStream;
    }

    public Integer getMaxDeliveries() {
        return maxDeliveries;
    }

    public void setMaxDeliveries(Integer maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    public Integer getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Integer getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(Integer maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public Duration getMaxRenewalTime() {
        return maxRenewalTime;
    }

    public void setMaxRenewalTime(Duration maxRenewalTime) {
        this.maxRenewalTime = maxRenewalTime;
    }

    public Boolean getRenewInFlight() {
        return renewInFlight;
    }

    public void setRenewInFlight(Boolean renewInFlight) {
        this.renewInFlight = renewInFlight;
    }

    public Duration getShardLeaseTime() {
        return shardLeaseTime;
    }

    public void setShardLeaseTime(Duration shardLeaseTime) {
        this.shardLeaseTime = shardLeaseTime;
    }

    public Boolean getShardOwnership() {
        return shardOwnership;
    }

    public void setShardOwnership(Boolean shardOwnership) {
        this.shardOwnership = shardOwnership;
    }

    public Duration getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(Duration reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public Duration getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public Boolean getApproximateTrimming() {
        return approximateTrimming;
    }

    public void setApproximateTrimming(Boolean approximateTrimming) {
        this.approximateTrimming = approximateTrimming;
    }

    public Boolean getForce() {
        return force;
    }

    public void setForce(Boolean force) {
        this.force = force;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public Long getMaxLen() {
        return maxLen;
    }

    public void setMaxLen(Long maxLen) {
        this.maxLen = maxLen;
    }

    public Boolean getNoMkStream() {
        return noMkStream;
    }

    public void setNoMkStream(Boolean noMkStream) {
        this.noMkStream = noMkStream;
    }

    public RedisStreamsOperation getOperation() {
        return operation;
    }

    public void setOperation(RedisStreamsOperation operation) {
        this.operation = operation;
    }

    public Boolean getSynchronous() {
        return synchronous;
    }

    public void setSynchronous(Boolean synchronous) {
        this.synchronous = synchronous;
    }

    public String getWorkerPool() {
        return workerPool;
    }

    public void setWorkerPool(String workerPool) {
        this.workerPool = workerPool;
    }

    public Integer getWorkerPoolCoreSize() {
        return workerPoolCoreSize;
    }

    public void setWorkerPoolCoreSize(Integer workerPoolCoreSize) {
        this.workerPoolCoreSize = workerPoolCoreSize;
    }

    public Integer getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    public void setWorkerPoolMaxSize(Integer workerPoolMaxSize) {
        this.workerPoolMaxSize = workerPoolMaxSize;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public String getRedisClient() {
        return redisClient;
    }

    public void setRedisClient(String redisClient) {
        this.redisClient = redisClient;
    }

    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(String sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }
}
