package dev.camelredis.streams.consumer;

import dev.camelredis.streams.consumer.acknowledging.Acknowledger;
import dev.camelredis.streams.consumer.delivery.DeadLetters;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import dev.camelredis.streams.consumer.delivery.DeliveryLifecycle;
import dev.camelredis.streams.consumer.delivery.DeliveryMapper;
import dev.camelredis.streams.consumer.delivery.FailureMemory;
import dev.camelredis.streams.consumer.delivery.PendingTakeOver;
import dev.camelredis.streams.consumer.ownership.ShardOwnership;
import dev.camelredis.streams.health.LoopHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.camelredis.streams.HeaderFields;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import dev.camelredis.streams.health.RedisStreamsConsumerHealthCheck;
import dev.camelredis.streams.micrometer.ConsumerMeters;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a stream through a consumer group: concurrentConsumers readers, each its own group consumer, feed one
 * route; entries are acknowledged by an ack path once their exchanges completed. A sharded stream is consumed shard
 * by shard, each with readers, ack path and reclaimer of its own.
 */
@ManagedResource(description = "Redis Streams consumer")
public class RedisStreamsConsumer extends DefaultConsumer implements ConsumerHost {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);
    /** The least time the ack path gets at stop, even when the stop ran out of time waiting for exchanges. */
    private static final long MIN_ACK_FLUSH_MILLIS = 1000;
    /** How long the stop waits for an ownership round under way: a few Redis round trips. */
    private static final long OWNERSHIP_ROUND_MILLIS = 5000;

    private final ConsumerCounters counters = new ConsumerCounters();
    private final LoopHealth health = new LoopHealth();
    private final List<String> consumerNames = new ArrayList<>();
    private final List<ShardConsumer> shards = new ArrayList<>();
    private ExecutorService readerExecutor;
    private ExecutorService ackExecutor;
    private ScheduledExecutorService renewExecutor;
    private ScheduledExecutorService ownershipExecutor;
    private ShardOwnership ownership;
    private ConsumerMeters meters;
    /** Counted down when the consumer stops, to end the pauses of its loops. */
    private volatile CountDownLatch stopping = new CountDownLatch(1);

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
        stopping = new CountDownLatch(1);
        RedisStreamsEndpoint endpoint = getEndpoint();
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
        String streamKey = endpoint.getStreamKey();

        int readerCount = configuration.getConcurrentConsumers();
        String baseName = endpoint.baseConsumerName();
        consumerNames.clear();
        for (int i = 1; i <= readerCount; i++) {
            consumerNames.add(readerCount == 1 ? baseName : baseName + "-" + i);
        }
        boolean owned = configuration.isShardOwnership();
        shards.clear();
        for (String shardKey : endpoint.shardKeys()) {
            shards.add(new ShardConsumer(this, shardKey, consumerNames, counters, this::backoff));
        }

        int shardCount = shards.size();
        // a thread per reader and one for its read ahead
        readerExecutor = executors.newFixedThreadPool(this, "RedisStreamsReader[" + streamKey + "]", 2 * readerCount * shardCount);
        ackExecutor = executors.newFixedThreadPool(this, "RedisStreamsAck[" + streamKey + "]", shardCount);
        renewExecutor = executors.newSingleThreadScheduledExecutor(this, "RedisStreamsRenewer[" + streamKey + "]");
        for (ShardConsumer shard : shards) {
            shard.start(ackExecutor, renewExecutor);
        }
        if (owned) {
            long lease = configuration.getShardLeaseTime();
            ownership = new ShardOwnership(this, endpoint.client(), streamKey, configuration.getGroup(), baseName, lease,
                    shards, readerExecutor, this::backoff);
            ownershipExecutor = executors.newSingleThreadScheduledExecutor(this, "RedisStreamsOwnership[" + streamKey + "]");
            ownershipExecutor.scheduleWithFixedDelay(ownership, 0, Math.max(1, lease / 3), TimeUnit.MILLISECONDS);
        } else {
            for (ShardConsumer shard : shards) {
                shard.activate(readerExecutor);
            }
        }
        registerHealthCheck();
        meters = ConsumerMeters.register(this);
        LOG.info("Consuming {} as group {} with consumer(s) {}{}", endpoint.describe(), configuration.getGroup(),
                consumerNames, shardCount > 1 ? " over " + shardCount + " shards" : "");
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
     * The lifecycle shared by the readers of one stream key (or by a polling consumer).
     */
    static DeliveryLifecycle newLifecycle(RedisStreamsEndpoint endpoint, Acknowledger acknowledger, DeliveryLedger ledger,
                                          ConsumerCounters counters, FailureMemory failures) {
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        return new DeliveryLifecycle(configuration.getAckMode(), acknowledger::acknowledge, ledger, counters,
                new DeliveryMapper(endpoint.getCamelContext(), acknowledger.streamKey(), configuration.getGroup(),
                        configuration.getPayloadField(), HeaderFields.of(configuration)),
                failures);
    }

    /**
     * What decides the fate of pending entries of one stream key, for its readers' walks and its reclaimer.
     */
    static PendingTakeOver newTakeOver(RedisStreamsEndpoint endpoint, String streamKey, DeliveryLedger ledger,
                                       ConsumerCounters counters, FailureMemory failures, ErrorBackoff deadLetterBackoff) {
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        String group = configuration.getGroup();
        DeadLetters deadLetters = configuration.getMaxDeliveries() > 0
                ? new DeadLetters(endpoint.client(), streamKey, group, endpoint.deadLetterStream(streamKey))
                : null;
        return new PendingTakeOver(endpoint.client(), streamKey, group, endpoint.describe(), ledger, counters,
                configuration.getMaxDeliveries(), deadLetters, failures, deadLetterBackoff);
    }

    private ErrorBackoff backoff(String what) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        return new ErrorBackoff(what, configuration.getReconnectDelay(), configuration.getReconnectMaxDelay(),
                error -> getExceptionHandler().handleException(error.getMessage(), error), health);
    }

    /**
     * Stops reading, lets the exchanges in flight finish, sends their acks, and only then lets the connection go.
     * Camel interrupts a stop that outlasts its shutdown timeout, so the wait for exchanges ends a little earlier,
     * and whatever happens the ack path still gets a moment to send the acks of the exchanges that did finish. With
     * shard ownership the rounds go on renewing the leases meanwhile, and each lease is released only once what was
     * read from its shard is acknowledged: the next owner must not claim an entry that is still being processed here.
     */
    @Override
    protected void doStop() throws Exception {
        setHealthCheck(null);
        stopping.countDown();
        if (meters != null) {
            meters.remove();
            meters = null;
        }
        long timeoutMillis = getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout());
        long start = System.currentTimeMillis();
        long exchangesDeadline = start + timeoutMillis * 9 / 10;
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        boolean interrupted = false;
        if (readerExecutor == null) {
            // never started
            super.doStop();
            return;
        }
        try {
            if (ownership != null) {
                ownership.leave();
                ownershipExecutor.execute(ownership);
            }
            // readers leave their loop once isRunAllowed() turns false, at the latest after one blockTimeout
            executors.shutdownGraceful(readerExecutor, Math.max(1, exchangesDeadline - System.currentTimeMillis()));
            for (ShardConsumer shard : shards) {
                shard.awaitIdle(exchangesDeadline);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            interrupted |= Thread.interrupted();
            // renewing went on while the last exchanges finished: they must not look idle to other consumers
            executors.shutdownNow(renewExecutor);
            long acksDeadline = Math.max(start + timeoutMillis, System.currentTimeMillis() + MIN_ACK_FLUSH_MILLIS);
            for (ShardConsumer shard : shards) {
                shard.stopAcknowledging(acksDeadline);
            }
            executors.shutdownNow(ackExecutor);
            if (ownership != null) {
                // a round under way ends first: the release must come after the last renewal
                executors.shutdownGraceful(ownershipExecutor, OWNERSHIP_ROUND_MILLIS);
                ownership.releaseSettled();
                ownership = null;
                ownershipExecutor = null;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            super.doStop();
        }
    }

    /**
     * Waits between two tries of a loop, but no longer than the consumer runs: the stop ends the wait.
     */
    @Override
    public void pauseWhileRunning(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String describe() {
        return getEndpoint().describe();
    }

    @Override
    public Exchange newExchange() {
        return createExchange(true);
    }

    @Override
    public void route(Exchange exchange, Runnable returned) {
        AsyncCallback done = defaultConsumerCallback(exchange, true);
        getAsyncProcessor().process(exchange, doneSync -> {
            returned.run();
            done.done(doneSync);
        });
    }

    public List<String> consumerNames() {
        return List.copyOf(consumerNames);
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
        Long lag = null;
        long pending = 0;
        long ownPending = 0;
        long oldestIdle = 0;
        int inFlight = 0;
        long oldestSample = System.currentTimeMillis();
        String error = null;
        for (ShardConsumer shard : shards) {
            GroupStatistics.Snapshot figures = shard.statistics();
            if (figures.lag() != null) {
                lag = (lag == null ? 0L : lag) + figures.lag();
            }
            pending += figures.pending();
            ownPending += consumerNames.stream().mapToLong(name -> figures.pendingByConsumer().getOrDefault(name, 0L)).sum();
            oldestIdle = Math.max(oldestIdle, figures.oldestPendingIdleMillis());
            inFlight += shard.inFlight();
            oldestSample = Math.min(oldestSample, figures.takenAtMillis());
            error = figures.error() != null ? shard.streamKey() + ": " + figures.error() : error;
        }
        return new ConsumerMetrics(getEndpoint().getStreamKey(), getEndpoint().getConfiguration().getGroup(),
                consumerNames(), lag, pending, ownPending, oldestIdle, inFlight, counters.getDelivered(),
                counters.getAcked(), counters.getFailed(), counters.getReclaimed(), counters.getDeadLettered(),
                counters.getDeletedWhilePending(), counters.getGivenUp(), System.currentTimeMillis() - oldestSample, error);
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
        Long lag = metrics().groupLag();
        return lag == null ? -1 : lag;
    }

    @ManagedAttribute(description = "Entries pending in the whole group")
    public long getPendingCount() {
        return metrics().pending();
    }

    @ManagedAttribute(description = "Entries pending under this consumer's names")
    public long getOwnPendingCount() {
        return metrics().ownPending();
    }

    @ManagedAttribute(description = "Idle time in milliseconds of the group's first pending entry (lowest ID)")
    public long getOldestPendingIdleTime() {
        return metrics().oldestPendingIdleMillis();
    }

    @ManagedAttribute(description = "Entries being processed or waiting for their acknowledgement")
    public int getInFlight() {
        return shards.stream().mapToInt(ShardConsumer::inFlight).sum();
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

    @ManagedAttribute(description = "Entries given up since start: their exchange had not completed after maxRenewalTime")
    public long getGivenUp() {
        return counters.getGivenUp();
    }

    @ManagedAttribute(description = "Pending entries found deleted since start")
    public long getDeletedWhilePending() {
        return counters.getDeletedWhilePending();
    }
}
