package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import dev.camelredis.streams.health.RedisStreamsConsumerHealthCheck;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Consumes a stream through a consumer group: concurrentConsumers readers, each its own group consumer, feed one
 * route; entries are acknowledged by one ack path once their exchanges completed.
 */
@ManagedResource(description = "Redis Streams consumer")
public class RedisStreamsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);

    private final ConsumerCounters counters = new ConsumerCounters();
    private final LoopHealth health = new LoopHealth();
    private final List<StreamReader> readers = new ArrayList<>();
    private ExecutorService readerExecutor;
    private ExecutorService ackExecutor;
    private ScheduledExecutorService reclaimExecutor;
    private ScheduledExecutorService renewExecutor;
    private Acknowledger acknowledger;
    private InFlightEntries inFlight;
    private GroupStatistics statistics;

    public RedisStreamsConsumer(RedisStreamsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        RedisStreamsEndpoint endpoint = getEndpoint();
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        UnifiedJedis client = endpoint.client();
        String streamKey = endpoint.getStreamKey();
        String group = configuration.getGroup();
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();

        inFlight = new InFlightEntries();
        statistics = new GroupStatistics(client, streamKey, group);
        acknowledger = new Acknowledger(client, streamKey, group, endpoint.describe(), inFlight, counters,
                backoff("ack path of " + streamKey + "/" + group));
        DeliveryLifecycle lifecycle = newLifecycle(endpoint, acknowledger, inFlight, counters);

        int readerCount = configuration.getConcurrentConsumers();
        String baseName = endpoint.baseConsumerName();
        readers.clear();
        List<Reclaimer.Target> claimTargets = new ArrayList<>();
        for (int i = 1; i <= readerCount; i++) {
            String consumerName = readerCount == 1 ? baseName : baseName + "-" + i;
            GroupReader reader = new GroupReader(client, streamKey, group, consumerName,
                    configuration.getAckMode() == AckMode.NONE);
            DeliveryDispatcher dispatcher = new DeliveryDispatcher(this, lifecycle, configuration.effectiveMaxInFlight());
            readers.add(new StreamReader(this, client, streamKey, configuration, reader, dispatcher,
                    backoff("reader " + streamKey + "/" + group + "/" + consumerName)));
            claimTargets.add(new Reclaimer.Target(consumerName, dispatcher));
        }

        ackExecutor = executors.newSingleThreadExecutor(this, "RedisStreamsAck[" + streamKey + "]");
        acknowledger.start(ackExecutor);
        readerExecutor = executors.newFixedThreadPool(this, "RedisStreamsReader[" + streamKey + "]", readerCount);
        for (StreamReader reader : readers) {
            readerExecutor.submit(reader);
        }
        boolean reclaiming = configuration.getClaimMinIdleTime() > 0 && configuration.getAckMode() != AckMode.NONE;
        if (reclaiming) {
            reclaimExecutor = executors.newSingleThreadScheduledExecutor(this, "RedisStreamsReclaimer[" + streamKey + "]");
            reclaimExecutor.scheduleWithFixedDelay(
                    new Reclaimer(this, client, streamKey, group, configuration.getClaimMinIdleTime(),
                            configuration.getClaimCount(), claimTargets, counters,
                            backoff("reclaimer " + streamKey + "/" + group)),
                    configuration.getClaimInterval(), configuration.getClaimInterval(), TimeUnit.MILLISECONDS);
        }
        if (reclaiming && configuration.isRenewInFlight()) {
            long every = Math.max(1, configuration.getClaimMinIdleTime() / 2);
            renewExecutor = executors.newSingleThreadScheduledExecutor(this, "RedisStreamsRenewer[" + streamKey + "]");
            renewExecutor.scheduleWithFixedDelay(
                    new InFlightRenewer(this, client, streamKey, group, inFlight,
                            backoff("in-flight renewer " + streamKey + "/" + group)),
                    every, every, TimeUnit.MILLISECONDS);
        }
        registerHealthCheck();
        LOG.info("Consuming {} as group {} with consumer(s) {}", endpoint.describe(), group, consumerNames());
    }

    /**
     * Camel's "consumers" health repository asks each route's consumer for its own check (HealthCheckAware).
     */
    private void registerHealthCheck() {
        if (((HealthCheckComponent) getEndpoint().getComponent()).isHealthCheckConsumerEnabled()) {
            RedisStreamsConsumerHealthCheck check = new RedisStreamsConsumerHealthCheck(this, getRouteId());
            check.setCamelContext(getEndpoint().getCamelContext());
            setHealthCheck(check);
        }
    }

    /**
     * The lifecycle shared by the readers and the reclaimer of one consumer (or by a polling consumer).
     */
    static DeliveryLifecycle newLifecycle(RedisStreamsEndpoint endpoint, Acknowledger acknowledger,
                                          InFlightEntries inFlight, ConsumerCounters counters) {
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        String streamKey = endpoint.getStreamKey();
        String group = configuration.getGroup();
        DeadLetters deadLetters = configuration.getMaxDeliveries() > 0
                ? new DeadLetters(endpoint.client(), streamKey, group, endpoint.deadLetterStream())
                : null;
        return new DeliveryLifecycle(configuration.getAckMode(), acknowledger, inFlight, counters,
                new DeliveryMapper(streamKey, group, configuration.getPayloadField()), configuration.getMaxDeliveries(),
                deadLetters);
    }

    private ErrorBackoff backoff(String what) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        return new ErrorBackoff(what, configuration.getReconnectDelay(), configuration.getReconnectMaxDelay(),
                error -> getExceptionHandler().handleException(error.getMessage(), error), health);
    }

    /**
     * Stops reading, lets the exchanges in flight finish, sends their acks, and only then lets the connection go.
     */
    @Override
    protected void doStop() throws Exception {
        setHealthCheck(null);
        long timeoutMillis = getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (reclaimExecutor != null) {
            executors.shutdownGraceful(reclaimExecutor, timeoutMillis);
            reclaimExecutor = null;
        }
        if (readerExecutor != null) {
            // readers leave their loop once isRunAllowed() turns false, at the latest after one blockTimeout
            executors.shutdownGraceful(readerExecutor, timeoutMillis);
            readerExecutor = null;
        }
        for (StreamReader reader : readers) {
            if (!reader.awaitIdle(Math.max(0, deadline - System.currentTimeMillis()))) {
                LOG.warn("Consumer {} stopped with {} exchange(s) still running: their entries stay pending",
                        reader.consumerName(), reader.inFlight());
            }
        }
        if (renewExecutor != null) {
            // renewing went on while the last exchanges finished: they must not look idle to other consumers
            executors.shutdownNow(renewExecutor);
            renewExecutor = null;
        }
        if (acknowledger != null) {
            acknowledger.stop(Math.max(0, deadline - System.currentTimeMillis()));
            executors.shutdownNow(ackExecutor);
            acknowledger = null;
        }
        super.doStop();
    }

    public List<String> consumerNames() {
        return readers.stream().map(StreamReader::consumerName).toList();
    }

    public ConsumerCounters getCounters() {
        return counters;
    }

    /**
     * Which of this consumer's loops are failing: what its health check reports.
     */
    public LoopHealth health() {
        return health;
    }

    /**
     * The figures of this consumer; those read from Redis are at most a few seconds old.
     */
    public ConsumerMetrics metrics() {
        GroupStatistics.Snapshot group = statistics.get();
        List<String> names = consumerNames();
        long ownPending = names.stream().mapToLong(name -> group.pendingByConsumer().getOrDefault(name, 0L)).sum();
        return new ConsumerMetrics(getEndpoint().getStreamKey(), getEndpoint().getConfiguration().getGroup(), names,
                group.lag(), group.pending(), ownPending, group.oldestPendingIdleMillis(), inFlight.size(),
                counters.getDelivered(), counters.getAcked(), counters.getFailed(), counters.getReclaimed(),
                counters.getDeadLettered(), counters.getDeletedWhilePending(),
                System.currentTimeMillis() - group.takenAtMillis(), group.error());
    }

    @ManagedAttribute(description = "The stream key")
    public String getStreamKey() {
        return getEndpoint().getStreamKey();
    }

    @ManagedAttribute(description = "The consumer group")
    public String getGroup() {
        return getEndpoint().getConfiguration().getGroup();
    }

    @ManagedAttribute(description = "The names of this consumer's readers in the group")
    public String getConsumerNames() {
        return String.join(",", consumerNames());
    }

    @ManagedAttribute(description = "Entries of the stream not yet delivered to the group (-1: unknown)")
    public long getGroupLag() {
        Long lag = statistics.get().lag();
        return lag == null ? -1 : lag;
    }

    @ManagedAttribute(description = "Entries pending in the whole group")
    public long getPendingCount() {
        return statistics.get().pending();
    }

    @ManagedAttribute(description = "Entries pending under this consumer's names")
    public long getOwnPendingCount() {
        return metrics().ownPending();
    }

    @ManagedAttribute(description = "Idle time in milliseconds of the group's oldest pending entry")
    public long getOldestPendingIdleTime() {
        return statistics.get().oldestPendingIdleMillis();
    }

    @ManagedAttribute(description = "Entries being processed or waiting for their acknowledgement")
    public int getInFlight() {
        return inFlight.size();
    }

    @ManagedAttribute(description = "Entries routed since start")
    public long getDelivered() {
        return counters.getDelivered();
    }

    @ManagedAttribute(description = "Entries acknowledged since start")
    public long getAcked() {
        return counters.getAcked();
    }

    @ManagedAttribute(description = "Exchanges failed since start")
    public long getFailed() {
        return counters.getFailed();
    }

    @ManagedAttribute(description = "Entries claimed from the group since start")
    public long getReclaimed() {
        return counters.getReclaimed();
    }

    @ManagedAttribute(description = "Entries moved to the dead-letter stream since start")
    public long getDeadLettered() {
        return counters.getDeadLettered();
    }

    @ManagedAttribute(description = "Pending entries found deleted since start")
    public long getDeletedWhilePending() {
        return counters.getDeletedWhilePending();
    }
}
