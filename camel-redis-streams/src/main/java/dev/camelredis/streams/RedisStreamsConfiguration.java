package dev.camelredis.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;
import redis.clients.jedis.UnifiedJedis;

/**
 * The options of the redis-streams component and its endpoints. The component holds the defaults; each endpoint
 * works on its own {@link #copy()}.
 */
@UriParams
public class RedisStreamsConfiguration implements Cloneable {

    // connection

    @UriParam(label = "common", defaultValue = "redis://localhost:6379", secret = true)
    private String redisUri = "redis://localhost:6379";
    @UriParam(label = "security", secret = true)
    private String username;
    @UriParam(label = "security", secret = true)
    private String password;
    @UriParam(label = "common")
    private Integer database;
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "advanced", defaultValue = "2000", javaType = "java.time.Duration")
    private long connectionTimeout = 2000;
    @UriParam(label = "advanced", defaultValue = "2000", javaType = "java.time.Duration")
    private long socketTimeout = 2000;
    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private UnifiedJedis redisClient;
    @UriParam(label = "common")
    private String clusterNodes;
    @UriParam(label = "common")
    private String sentinelMaster;
    @UriParam(label = "common")
    private String sentinelNodes;
    @UriParam(label = "common", defaultValue = "1")
    private int shards = 1;
    @UriParam(label = "consumer")
    private boolean shardOwnership;
    @UriParam(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration")
    private long shardLeaseTime = 10000;

    // both directions

    @UriParam(label = "common", defaultValue = "payload")
    private String payloadField = "payload";
    @UriParam(label = "common", defaultValue = "false")
    private boolean propagateHeaders;
    @UriParam(label = "common,advanced")
    private HeaderFilterStrategy headerFilterStrategy;
    @UriParam(label = "common")
    private String group;
    @UriParam(label = "common")
    private String consumerName;
    @UriParam(label = "common", defaultValue = "$")
    private String startId = "$";

    // consumer

    @UriParam(label = "consumer", defaultValue = "1")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean createGroup = true;
    @UriParam(label = "consumer", defaultValue = "10")
    private int maxMessagesPerPoll = 10;
    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration")
    private long blockTimeout = 1000;
    @UriParam(label = "consumer", defaultValue = "0")
    private int maxInFlight;
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean batching;
    @UriParam(label = "consumer", defaultValue = "AUTO", enums = "AUTO,MANUAL,NONE")
    private AckMode ackMode = AckMode.AUTO;
    @UriParam(label = "consumer", defaultValue = "60000", javaType = "java.time.Duration")
    private long claimMinIdleTime = 60000;
    @UriParam(label = "consumer", defaultValue = "5000", javaType = "java.time.Duration")
    private long claimInterval = 5000;
    @UriParam(label = "consumer", defaultValue = "100")
    private int claimCount = 100;
    @UriParam(label = "consumer", defaultValue = "0")
    private int maxDeliveries;
    @UriParam(label = "consumer")
    private String deadLetterStream;
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean renewInFlight = true;
    @UriParam(label = "consumer", defaultValue = "3600000", javaType = "java.time.Duration")
    private long maxRenewalTime = DEFAULT_MAX_RENEWAL_MILLIS;
    @UriParam(label = "consumer,advanced", defaultValue = "100", javaType = "java.time.Duration")
    private long reconnectDelay = 100;
    @UriParam(label = "consumer,advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long reconnectMaxDelay = 30000;

    // producer

    @UriParam(label = "producer", defaultValue = "XADD")
    private RedisStreamsOperation operation = RedisStreamsOperation.XADD;
    @UriParam(label = "producer", defaultValue = "false")
    private boolean force;
    @UriParam(label = "producer", defaultValue = "0")
    private long maxLen;
    @UriParam(label = "producer", defaultValue = "true")
    private boolean approximateTrimming = true;
    @UriParam(label = "producer", defaultValue = "0", javaType = "java.time.Duration")
    private long maxAge;
    @UriParam(label = "producer")
    private boolean noMkStream;
    @UriParam(label = "producer")
    private boolean synchronous;
    @UriParam(label = "producer,advanced")
    private ExecutorService workerPool;
    @UriParam(label = "producer,advanced", defaultValue = "10")
    private int workerPoolCoreSize = 10;
    @UriParam(label = "producer,advanced", defaultValue = "20")
    private int workerPoolMaxSize = 20;

    /**
     * An hour: far beyond any healthy exchange, short enough that an exchange whose completion never runs does not pin
     * its entry and its slot for good (Pub/Sub's maxAckExtensionPeriod plays the same part).
     */
    static final long DEFAULT_MAX_RENEWAL_MILLIS = 3_600_000;
    /** How often stuck entries are looked for when nothing is renewed, and at the most between two renewals. */
    private static final long MAX_RENEWAL_PERIOD_MILLIS = 1000;

    /** The options that say where and how to connect: a redisClient brings all of them with it. */
    static final List<String> CONNECTION_OPTIONS = List.of("redisUri", "username", "password", "database",
            "sslContextParameters", "clusterNodes", "sentinelMaster", "sentinelNodes");

    /**
     * The connection options set to other values than their defaults.
     */
    List<String> connectionOptionsSet() {
        RedisStreamsConfiguration defaults = new RedisStreamsConfiguration();
        List<String> set = new ArrayList<>();
        addIfSet(set, "redisUri", !Objects.equals(redisUri, defaults.redisUri));
        addIfSet(set, "username", username != null);
        addIfSet(set, "password", password != null);
        addIfSet(set, "database", database != null);
        addIfSet(set, "sslContextParameters", sslContextParameters != null);
        addIfSet(set, "clusterNodes", clusterNodes != null);
        addIfSet(set, "sentinelMaster", sentinelMaster != null);
        addIfSet(set, "sentinelNodes", sentinelNodes != null);
        return set;
    }

    private static void addIfSet(List<String> set, String option, boolean isSet) {
        if (isSet) {
            set.add(option);
        }
    }

    public RedisStreamsConfiguration copy() {
        try {
            return (RedisStreamsConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /**
     * Checks the options that do not depend on the direction of the endpoint.
     *
     * @throws IllegalArgumentException naming the option at fault and what it accepts
     */
    public void validate() {
        requirePositive("concurrentConsumers", concurrentConsumers);
        requirePositive("maxMessagesPerPoll", maxMessagesPerPoll);
        requireTimeout("blockTimeout", blockTimeout);
        requireNotNegative("maxInFlight", maxInFlight);
        requireTimeout("connectionTimeout", connectionTimeout);
        requireTimeout("socketTimeout", socketTimeout);
        if (blockTimeout + socketTimeout > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Options blockTimeout (" + blockTimeout + " ms) and socketTimeout (" + socketTimeout + " ms) together"
                                               + " bound a blocking read and must not exceed " + Integer.MAX_VALUE
                                               + " ms: lower blockTimeout");
        }
        requirePositive("reconnectDelay", reconnectDelay);
        if (reconnectMaxDelay < reconnectDelay) {
            throw new IllegalArgumentException(
                    "Option reconnectMaxDelay (" + reconnectMaxDelay + " ms) must not be smaller than reconnectDelay ("
                                               + reconnectDelay + " ms)");
        }
        requireNotNegative("claimMinIdleTime", claimMinIdleTime);
        requirePositive("claimInterval", claimInterval);
        requirePositive("claimCount", claimCount);
        requireNotNegative("maxDeliveries", maxDeliveries);
        requireNotNegative("maxRenewalTime", maxRenewalTime);
        if (deadLetterStream != null && deadLetterStream.isBlank()) {
            throw new IllegalArgumentException("Option deadLetterStream must name a stream key, or be left out for <streamKey>:dlq");
        }
        requirePositive("shards", shards);
        requirePositive("shardLeaseTime", shardLeaseTime);
        if (shardOwnership && concurrentConsumers != 1) {
            throw new IllegalArgumentException("Option shardOwnership reads each shard with one reader, so that the entries of"
                                               + " a partition key keep their order: remove concurrentConsumers="
                                               + concurrentConsumers + " and start more consumers or shards instead");
        }
        if (clusterNodes != null && (sentinelMaster != null || sentinelNodes != null)) {
            throw new IllegalArgumentException(
                    "Options clusterNodes and sentinelMaster/sentinelNodes cannot be combined: choose Redis Cluster or Sentinel");
        }
        if ((sentinelMaster == null) != (sentinelNodes == null)) {
            throw new IllegalArgumentException(
                    "Options sentinelMaster and sentinelNodes go together: name the master and list the sentinels, for example"
                                               + " sentinelMaster=mymaster&sentinelNodes=host1:26379,host2:26379");
        }
        requireNotNegative("maxLen", maxLen);
        requireNotNegative("maxAge", maxAge);
        if (database != null && database < 0) {
            throw new IllegalArgumentException("Option database must be 0 or more but was " + database);
        }
        if (payloadField == null || payloadField.isEmpty()) {
            throw new IllegalArgumentException("Option payloadField must name a field, for example payloadField=payload");
        }
        requirePositive("workerPoolCoreSize", workerPoolCoreSize);
        if (workerPoolMaxSize < workerPoolCoreSize) {
            throw new IllegalArgumentException("Option workerPoolMaxSize (" + workerPoolMaxSize + ") must not be smaller than"
                                               + " workerPoolCoreSize (" + workerPoolCoreSize + ")");
        }
        if (synchronous && workerPool != null) {
            throw new IllegalArgumentException("Options synchronous and workerPool cannot be combined: a synchronous producer"
                                               + " goes on with the route in the sender's thread and uses no worker pool;"
                                               + " remove one of them");
        }
        if (maxLen > 0 && maxAge > 0) {
            throw new IllegalArgumentException(
                    "Options maxLen and maxAge cannot be combined: XADD trims by one strategy (MAXLEN or MINID); choose one");
        }
        if (headerFilterStrategy != null && !propagateHeaders) {
            throw new IllegalArgumentException("Option headerFilterStrategy filters the headers that propagateHeaders carries,"
                                               + " and propagateHeaders is off: add propagateHeaders=true, or remove"
                                               + " headerFilterStrategy");
        }
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Option " + option + " must be greater than 0 but was " + value);
        }
    }

    /**
     * Jedis takes timeouts as int milliseconds, and waits forever for 0.
     */
    private static void requireTimeout(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Option " + option + " must be greater than 0 but was " + value
                                               + " (0 would wait forever): set a timeout such as 2s");
        }
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Option " + option + " must be at most " + Integer.MAX_VALUE
                                               + " ms (about 24 days) but was " + value + " ms: set a shorter timeout");
        }
    }

    private static void requireNotNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Option " + option + " must be 0 or more but was " + value);
        }
    }

    public String getRedisUri() {
        return redisUri;
    }

    /**
     * The Redis server as a redis URI: redis://host:port/database, or rediss:// for TLS. Port (6379) and database (0)
     * are optional; credentials may come before the host as user:password followed by an at sign. They are masked
     * wherever the URI is shown; the username and password options override them.
     */
    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public String getUsername() {
        return username;
    }

    /**
     * The ACL user to authenticate as; overrides the user in redisUri.
     */
    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    /**
     * The password to authenticate with; overrides the password in redisUri. Never logged.
     */
    public void setPassword(String password) {
        this.password = password;
    }

    public Integer getDatabase() {
        return database;
    }

    /**
     * The database number to select; overrides the database in redisUri (default 0).
     */
    public void setDatabase(Integer database) {
        this.database = database;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * TLS settings (trust store, key store) for a rediss:// connection. Without it the JVM's default trust store is
     * used. Refused with a plain redis:// URI or plain nodes, which would connect without TLS.
     */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public long getConnectionTimeout() {
        return connectionTimeout;
    }

    /**
     * How long to wait for a connection to Redis to open.
     */
    public void setConnectionTimeout(long connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public long getSocketTimeout() {
        return socketTimeout;
    }

    /**
     * How long to wait for the reply of a command. A blocking read may take blockTimeout plus this before its
     * connection counts as dead.
     */
    public void setSocketTimeout(long socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    public UnifiedJedis getRedisClient() {
        return redisClient;
    }

    /**
     * A Jedis client (UnifiedJedis, RedisClient, RedisClusterClient) to use instead of the connection options. It is
     * owned by the caller: the component never closes it. Cannot be combined with the connection options redisUri,
     * username, password, database, sslContextParameters, clusterNodes, sentinelMaster and sentinelNodes. Autowired
     * when exactly one is in the registry and none of those options is set on the endpoint or the component.
     */
    public void setRedisClient(UnifiedJedis redisClient) {
        this.redisClient = redisClient;
    }

    public String getClusterNodes() {
        return clusterNodes;
    }

    /**
     * Use Redis Cluster: some nodes of the cluster as host:port,host:port (or redis:// / rediss:// URIs for TLS). The
     * client discovers the others. Credentials come from username and password; redisUri is not used.
     */
    public void setClusterNodes(String clusterNodes) {
        this.clusterNodes = clusterNodes;
    }

    public String getSentinelMaster() {
        return sentinelMaster;
    }

    /**
     * Use Redis Sentinel: the name of the monitored master. Goes with sentinelNodes; the client follows failovers.
     */
    public void setSentinelMaster(String sentinelMaster) {
        this.sentinelMaster = sentinelMaster;
    }

    public String getSentinelNodes() {
        return sentinelNodes;
    }

    /**
     * Use Redis Sentinel: the sentinels as host:port,host:port (or rediss:// URIs for TLS to sentinels and master).
     * Credentials (username, password) are those of the master; the sentinels are reached without.
     */
    public void setSentinelNodes(String sentinelNodes) {
        this.sentinelNodes = sentinelNodes;
    }

    public int getShards() {
        return shards;
    }

    /**
     * Split the logical stream into this many stream keys, streamKey:{0} ... streamKey:{n-1} (hash tags, so that each
     * shard can live on its own cluster node). Producers pick the shard by the header CamelRedisStreamsPartitionKey
     * (a stable hash), or round-robin without it; consumers read every shard.
     */
    public void setShards(int shards) {
        this.shards = shards;
    }

    public boolean isShardOwnership() {
        return shardOwnership;
    }

    /**
     * Read each shard with one consumer of the group at a time, so that the entries of one partition key are processed
     * in order: consumers hold shard leases in Redis, renewed while they live and expiring when they die, and spread
     * the shards evenly over the live consumers. Needs a unique consumerName per consumer and concurrentConsumers=1.
     */
    public void setShardOwnership(boolean shardOwnership) {
        this.shardOwnership = shardOwnership;
    }

    public long getShardLeaseTime() {
        return shardLeaseTime;
    }

    /**
     * With shardOwnership: how long a shard lease and a membership last without renewal. They are renewed every third
     * of it; a dead consumer's shards move to the others after about this time.
     */
    public void setShardLeaseTime(long shardLeaseTime) {
        this.shardLeaseTime = shardLeaseTime;
    }

    public String getPayloadField() {
        return payloadField;
    }

    /**
     * The field that carries a non-Map body. Producer: a body that is not a Map is stored in this field. Consumer:
     * when an entry has this field, its value is the body; otherwise the body is the Map of all fields.
     */
    public void setPayloadField(String payloadField) {
        this.payloadField = payloadField;
    }

    public boolean isPropagateHeaders() {
        return propagateHeaders;
    }

    /**
     * Carry Camel headers through the stream. Producer: each header becomes the entry field camel-header:name (value
     * converted to String, byte arrays as they are, null values left out). Consumer: such fields become headers again
     * and leave the body and the header CamelRedisStreamsFields. Both sides need it. Camel's own headers (Camel...) are
     * not carried unless headerFilterStrategy says otherwise. Off by default: entry fields are the application's data.
     */
    public void setPropagateHeaders(boolean propagateHeaders) {
        this.propagateHeaders = propagateHeaders;
    }

    public HeaderFilterStrategy getHeaderFilterStrategy() {
        return headerFilterStrategy;
    }

    /**
     * Which headers propagateHeaders carries, in each direction (default: all but Camel's own, those whose names start
     * with Camel, camel or org.apache.camel.). Needs propagateHeaders=true.
     */
    public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }

    public String getGroup() {
        return group;
    }

    /**
     * The consumer group. Required for consumers, which read through it. Producer: the group of XPENDING, XCLAIM,
     * XINFO_CONSUMERS and the XGROUP operations, unless the header CamelRedisStreamsGroup names another.
     */
    public void setGroup(String group) {
        this.group = group;
    }

    public String getConsumerName() {
        return consumerName;
    }

    /**
     * This consumer's name in the group (default: hostname-pid). With more than one of concurrentConsumers each reader
     * gets the suffix -1 ... -n. Keep it stable across restarts so that a restarted consumer finishes the entries it had taken.
     * Producer: the consumer of XCLAIM (the new owner) and XGROUP_DELCONSUMER, unless the header
     * CamelRedisStreamsConsumerName names another.
     */
    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    /**
     * The number of reader threads, each its own consumer of the group.
     */
    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public boolean isCreateGroup() {
        return createGroup;
    }

    /**
     * Create the group (XGROUP CREATE ... MKSTREAM) when it does not exist, at start and when it is deleted while the
     * consumer runs.
     */
    public void setCreateGroup(boolean createGroup) {
        this.createGroup = createGroup;
    }

    public String getStartId() {
        return startId;
    }

    /**
     * Where a group created by this consumer, or by the producer's XGROUP_CREATE, starts: $ (only new entries), 0 (the
     * whole stream) or an entry ID.
     */
    public void setStartId(String startId) {
        this.startId = startId;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * The most entries one XREADGROUP returns (COUNT).
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public boolean isBatching() {
        return batching;
    }

    /**
     * Route each read batch (at most maxMessagesPerPoll entries) as one exchange whose body is a List of messages, one
     * per entry, each with the body and headers a single entry gets. The whole batch is acknowledged when the exchange
     * completes and stays pending when it fails; split the body in the route when single entries must fail alone.
     */
    public void setBatching(boolean batching) {
        this.batching = batching;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    /**
     * The most entries each reader holds at once: exchanges running, the rest of the batch in hand and the batch
     * read ahead. The backpressure of asynchronous routes. 0 means twice maxMessagesPerPoll, so that the next batch is
     * read while the last one is processed; maxInFlight=maxMessagesPerPoll turns that read-ahead off.
     */
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /**
     * maxInFlight with its default resolved.
     */
    public int effectiveMaxInFlight() {
        return maxInFlight > 0 ? maxInFlight : 2 * maxMessagesPerPoll;
    }

    public long getBlockTimeout() {
        return blockTimeout;
    }

    /**
     * How long one XREADGROUP waits for new entries (BLOCK). It also bounds how long a stop waits for a reader.
     */
    public void setBlockTimeout(long blockTimeout) {
        this.blockTimeout = blockTimeout;
    }

    public AckMode getAckMode() {
        return ackMode;
    }

    /**
     * AUTO: XACK after the exchange completed successfully (at least once). MANUAL: the route calls ack() on the
     * CamelRedisStreamsAcknowledgement header; an entry never acked stays pending and is reclaimed later. NONE: read
     * with NOACK (at most once: entries are never pending).
     */
    public void setAckMode(AckMode ackMode) {
        this.ackMode = ackMode;
    }

    public long getClaimMinIdleTime() {
        return claimMinIdleTime;
    }

    /**
     * Entries pending in the group for longer than this, whichever consumer holds them (a crashed or hung one), are
     * claimed (XCLAIM) and fed into this route again. 0 turns reclaiming off.
     */
    public void setClaimMinIdleTime(long claimMinIdleTime) {
        this.claimMinIdleTime = claimMinIdleTime;
    }

    public long getClaimInterval() {
        return claimInterval;
    }

    /**
     * How often the reclaimer scans the group's pending entries.
     */
    public void setClaimInterval(long claimInterval) {
        this.claimInterval = claimInterval;
    }

    public int getClaimCount() {
        return claimCount;
    }

    /**
     * The most entries one reclaim page claims; never more than the reader can start at that moment.
     */
    public void setClaimCount(int claimCount) {
        this.claimCount = claimCount;
    }

    public int getMaxDeliveries() {
        return maxDeliveries;
    }

    /**
     * When greater than 0, an entry already delivered this many times is not routed again: it is moved to the
     * dead-letter stream and acknowledged. 0 retries without limit.
     */
    public void setMaxDeliveries(int maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    public String getDeadLetterStream() {
        return deadLetterStream;
    }

    /**
     * The stream that receives entries that reached maxDeliveries. Default: the stream key with the suffix :dlq, and
     * on a cluster, for a key without a hash tag, the key in braces with that suffix, so that both share a slot. With
     * shards, a configured name gets the shard's hash tag appended.
     */
    public void setDeadLetterStream(String deadLetterStream) {
        this.deadLetterStream = deadLetterStream;
    }

    public boolean isRenewInFlight() {
        return renewInFlight;
    }

    /**
     * While an exchange is still running, reset its entry's idle time (XCLAIM JUSTID to the same consumer) at about
     * half of claimMinIdleTime, so that no other consumer claims an entry that is slow but healthy.
     */
    public void setRenewInFlight(boolean renewInFlight) {
        this.renewInFlight = renewInFlight;
    }

    public long getMaxRenewalTime() {
        return maxRenewalTime;
    }

    /**
     * How long an entry is kept from other consumers while its exchange has not completed (or, with ackMode=MANUAL,
     * while ack() was not called): after this it is no longer renewed, its maxInFlight slot is freed, the event is
     * logged and counted (GivenUp), and the entry is delivered again by a reclaimer after claimMinIdleTime. 0 renews
     * forever.
     */
    public void setMaxRenewalTime(long maxRenewalTime) {
        this.maxRenewalTime = maxRenewalTime;
    }

    /**
     * How often the renewer runs: at half of claimMinIdleTime, so that a held entry never looks idle for that long, and
     * often enough to give up stuck entries close to maxRenewalTime.
     */
    public long renewalPeriod() {
        long period = claimMinIdleTime > 0 && renewInFlight ? Math.max(1, claimMinIdleTime / 2) : MAX_RENEWAL_PERIOD_MILLIS;
        return maxRenewalTime > 0 ? Math.max(1, Math.min(period, maxRenewalTime / 2)) : period;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    /**
     * The first wait before retrying after a failed Redis command; doubled after each further failure.
     */
    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /**
     * The longest wait between two retries while Redis keeps failing.
     */
    public void setReconnectMaxDelay(long reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public long getMaxLen() {
        return maxLen;
    }

    /**
     * Trim the stream to about this many entries on each XADD (MAXLEN); 0 keeps every entry. Also what XTRIM keeps when
     * the message names no limit.
     */
    public void setMaxLen(long maxLen) {
        this.maxLen = maxLen;
    }

    public boolean isApproximateTrimming() {
        return approximateTrimming;
    }

    /**
     * Trim approximately (MAXLEN or MINID with the tilde: whole macro nodes, much cheaper, keeps a few more entries than
     * asked) instead of exactly.
     */
    public void setApproximateTrimming(boolean approximateTrimming) {
        this.approximateTrimming = approximateTrimming;
    }

    public long getMaxAge() {
        return maxAge;
    }

    /**
     * Trim entries older than this on each XADD (MINID = now - maxAge); 0 keeps every entry. Also what XTRIM keeps when
     * the message names no limit.
     */
    public void setMaxAge(long maxAge) {
        this.maxAge = maxAge;
    }

    public RedisStreamsOperation getOperation() {
        return operation;
    }

    /**
     * What the producer does with each message: XADD appends it; the other operations read or administer the stream
     * and return their result in the body (see docs/operations.md). The header CamelRedisStreamsOperation overrides it
     * per message.
     */
    public void setOperation(RedisStreamsOperation operation) {
        this.operation = operation;
    }

    public boolean isForce() {
        return force;
    }

    /**
     * Let XGROUP_DELCONSUMER and XGROUP_DESTROY delete a consumer or group that still has pending entries. Those
     * entries are lost for good: no consumer of the group can read or acknowledge them again. An option and never a
     * header, so that no message can turn the check off.
     */
    public void setForce(boolean force) {
        this.force = force;
    }

    public boolean isNoMkStream() {
        return noMkStream;
    }

    /**
     * Do not create the stream when it does not exist (XADD NOMKSTREAM): the exchange fails instead. Also the default
     * of the header CamelRedisStreamsMkStream for XGROUP_CREATE.
     */
    public void setNoMkStream(boolean noMkStream) {
        this.noMkStream = noMkStream;
    }

    public boolean isSynchronous() {
        return synchronous;
    }

    /**
     * Send each XADD in the sender's thread and wait for Redis' reply there (one round trip; a List body in pipelines
     * of up to 1000), then go on with the route in that thread. By default the XADDs of concurrent exchanges share
     * pipelines sent by one thread, and the routes go on on the worker pool; an exchange sent while no other XADD is
     * queued or on its way goes out at once in the sender's thread, and goes on there (unless workerPool is set).
     */
    public void setSynchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    public ExecutorService getWorkerPool() {
        return workerPool;
    }

    /**
     * The thread pool on which exchanges go on with their routes after their XADD, instead of one of the producer's
     * own (workerPoolCoreSize, workerPoolMaxSize). It is the caller's: the producer never shuts it down. It should not
     * run tasks in the submitting thread when full (CallerRuns): such exchanges wait for a free thread instead.
     */
    public void setWorkerPool(ExecutorService workerPool) {
        this.workerPool = workerPool;
    }

    public int getWorkerPoolCoreSize() {
        return workerPoolCoreSize;
    }

    /**
     * The threads the producer's own worker pool keeps, on which exchanges go on with their routes after their XADD.
     */
    public void setWorkerPoolCoreSize(int workerPoolCoreSize) {
        this.workerPoolCoreSize = workerPoolCoreSize;
    }

    public int getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    /**
     * The most threads of the producer's own worker pool, started when its queue is full (maxQueueSize of Camel's default thread pool
     * profile, 1000 unless changed). Beyond that,
     * exchanges wait in the producer for a free thread; the pipeline thread never runs a route.
     */
    public void setWorkerPoolMaxSize(int workerPoolMaxSize) {
        this.workerPoolMaxSize = workerPoolMaxSize;
    }
}
