package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Everything a consumer does on one stream key (the stream, or one shard of it): its readers, its ack path, its
 * reclaimer and renewer, the entries it has in flight and the group statistics. Entry IDs are unique only within a
 * key, so each key keeps its own books.
 */
final class ShardConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final RedisStreamsConsumer consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final InFlightEntries inFlight = new InFlightEntries();
    private final GroupStatistics statistics;
    private final Acknowledger acknowledger;
    private final List<StreamReader> readers = new ArrayList<>();
    private final Reclaimer reclaimer;
    private final InFlightRenewer renewer;

    /**
     * @param backoff a fresh backoff for the loop of the given name
     */
    ShardConsumer(RedisStreamsConsumer consumer, String streamKey, List<String> consumerNames, ConsumerCounters counters,
                  Function<String, ErrorBackoff> backoff) {
        RedisStreamsEndpoint endpoint = consumer.getEndpoint();
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        this.consumer = consumer;
        this.client = endpoint.client();
        this.streamKey = streamKey;
        this.group = configuration.getGroup();
        this.statistics = new GroupStatistics(client, streamKey, group);
        this.acknowledger = new Acknowledger(client, streamKey, group, endpoint.describe(), inFlight, counters,
                backoff.apply("ack path of " + streamKey + "/" + group));
        DeliveryLifecycle lifecycle = RedisStreamsConsumer.newLifecycle(endpoint, streamKey, acknowledger, inFlight, counters);
        List<Reclaimer.Target> claimTargets = new ArrayList<>();
        for (String consumerName : consumerNames) {
            GroupReader reader = new GroupReader(client, streamKey, group, consumerName,
                    configuration.getAckMode() == AckMode.NONE);
            DeliveryDispatcher dispatcher = new DeliveryDispatcher(consumer, lifecycle, configuration.effectiveMaxInFlight());
            readers.add(new StreamReader(consumer, client, streamKey, configuration, reader, dispatcher,
                    backoff.apply("reader " + streamKey + "/" + group + "/" + consumerName)));
            claimTargets.add(new Reclaimer.Target(consumerName, dispatcher));
        }
        boolean reclaiming = configuration.getClaimMinIdleTime() > 0 && configuration.getAckMode() != AckMode.NONE;
        this.reclaimer = reclaiming
                ? new Reclaimer(consumer, client, streamKey, group, configuration.getClaimMinIdleTime(),
                        configuration.getClaimCount(), claimTargets, counters, backoff.apply("reclaimer " + streamKey + "/" + group))
                : null;
        this.renewer = reclaiming && configuration.isRenewInFlight()
                ? new InFlightRenewer(consumer, client, streamKey, group, inFlight,
                        backoff.apply("in-flight renewer " + streamKey + "/" + group))
                : null;
    }

    void start(ExecutorService readerPool, ExecutorService ackPool, ScheduledExecutorService reclaimScheduler,
               ScheduledExecutorService renewScheduler) {
        RedisStreamsConfiguration configuration = consumer.getEndpoint().getConfiguration();
        acknowledger.start(ackPool);
        readers.forEach(readerPool::submit);
        if (reclaimer != null) {
            reclaimScheduler.scheduleWithFixedDelay(reclaimer, configuration.getClaimInterval(),
                    configuration.getClaimInterval(), TimeUnit.MILLISECONDS);
        }
        if (renewer != null) {
            long every = Math.max(1, configuration.getClaimMinIdleTime() / 2);
            renewScheduler.scheduleWithFixedDelay(renewer, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Waits until the exchanges of this key finished (the readers stopped already).
     */
    void awaitIdle(long deadline) throws InterruptedException {
        for (StreamReader reader : readers) {
            if (!reader.awaitIdle(Math.max(0, deadline - System.currentTimeMillis()))) {
                LOG.warn("Consumer {} of {} stopped with {} exchange(s) still running: their entries stay pending",
                        reader.consumerName(), streamKey, reader.inFlight());
            }
        }
    }

    void stopAcknowledging(long deadline) {
        acknowledger.stop(Math.max(0, deadline - System.currentTimeMillis()));
    }

    GroupStatistics.Snapshot statistics() {
        return statistics.get();
    }

    int inFlight() {
        return inFlight.size();
    }

    String streamKey() {
        return streamKey;
    }
}
