package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAutoClaimParams;

/**
 * Everything a consumer does on one stream key (the stream, or one shard of it): its readers, its ack path, its
 * reclaimer and renewer, the entries it has in flight and the group statistics. Entry IDs are unique only within a
 * key, so each key keeps its own books. With shard ownership, the readers and the reclaimer of a key run only while
 * this consumer holds the key's lease.
 */
final class ShardConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);
    private static final int MAX_UNACKNOWLEDGED = 10_000;

    private final RedisStreamsConsumer consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final InFlightEntries inFlight = new InFlightEntries();
    private final GroupStatistics statistics;
    private final Acknowledger acknowledger;
    private final List<StreamReader> readers = new ArrayList<>();
    private final List<String> consumerNames;
    private final Reclaimer reclaimer;
    private final InFlightRenewer renewer;
    private final List<Future<?>> running = new ArrayList<>();
    /** Reclaim passes under way: a shard is handed over only when none is, since a pass claims before it routes. */
    private final AtomicInteger reclaimPasses = new AtomicInteger();
    private volatile boolean active;

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
        this.consumerNames = consumerNames;
        this.statistics = new GroupStatistics(client, streamKey, group);
        this.acknowledger = new Acknowledger(client, streamKey, group, endpoint.describe(), inFlight, counters,
                backoff.apply("ack path of " + streamKey + "/" + group));
        DeliveryLifecycle lifecycle = RedisStreamsConsumer.newLifecycle(endpoint, streamKey, acknowledger, inFlight, counters);
        List<Reclaimer.Target> claimTargets = new ArrayList<>();
        // acks may lag behind by this much before the readers pause; never less than the readers may have running
        int maxUnacknowledged = Math.max(MAX_UNACKNOWLEDGED, 2 * consumerNames.size() * configuration.effectiveMaxInFlight());
        for (String consumerName : consumerNames) {
            GroupReader reader = new GroupReader(client, streamKey, group, consumerName,
                    configuration.getAckMode() == AckMode.NONE);
            DeliveryDispatcher dispatcher = new DeliveryDispatcher(consumer, lifecycle, configuration.effectiveMaxInFlight(),
                    inFlight::size, maxUnacknowledged);
            readers.add(new StreamReader(consumer, client, streamKey, configuration, reader, dispatcher,
                    backoff.apply("reader " + streamKey + "/" + group + "/" + consumerName), () -> active));
            claimTargets.add(new Reclaimer.Target(consumerName, dispatcher));
        }
        boolean reclaiming = configuration.getClaimMinIdleTime() > 0 && configuration.getAckMode() != AckMode.NONE;
        // with shard ownership only the key's owner reclaims: the entries its route failed, and any a previous owner
        // left that the take-over missed
        this.reclaimer = reclaiming
                ? new Reclaimer(consumer, client, streamKey, group, configuration.getClaimMinIdleTime(),
                        configuration.getClaimCount(), claimTargets, counters, backoff.apply("reclaimer " + streamKey + "/" + group),
                        () -> active)
                : null;
        this.renewer = reclaiming && configuration.isRenewInFlight()
                ? new InFlightRenewer(consumer, client, streamKey, group, inFlight,
                        backoff.apply("in-flight renewer " + streamKey + "/" + group))
                : null;
    }

    /**
     * Starts the ack path and the background tasks; the readers start with {@link #activate}.
     */
    void start(ExecutorService ackPool, ScheduledExecutorService reclaimScheduler, ScheduledExecutorService renewScheduler) {
        RedisStreamsConfiguration configuration = consumer.getEndpoint().getConfiguration();
        acknowledger.start(ackPool);
        if (reclaimer != null) {
            reclaimScheduler.scheduleWithFixedDelay(this::reclaimWhileReading, configuration.getClaimInterval(),
                    configuration.getClaimInterval(), TimeUnit.MILLISECONDS);
        }
        if (renewer != null) {
            long every = Math.max(1, configuration.getClaimMinIdleTime() / 2);
            renewScheduler.scheduleWithFixedDelay(renewer, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts reading the key.
     */
    synchronized void activate(ExecutorService readerPool) {
        active = true;
        running.clear();
        for (StreamReader reader : readers) {
            reader.restart();
            running.add(readerPool.submit(reader));
        }
    }

    /**
     * Takes over every entry pending in the group on this key (JUSTID: no delivery counted) for the first reader, so
     * that the new owner of a shard processes what the previous one left before it reads new entries.
     *
     * @return how many entries it took over
     */
    long takeOverPending() {
        StreamEntryID passStart = new StreamEntryID(0, 0);
        XAutoClaimParams pageSize = XAutoClaimParams.xAutoClaimParams().count(1000);
        StreamEntryID cursor = passStart;
        long taken = 0;
        do {
            Map.Entry<StreamEntryID, List<StreamEntryID>> page = client.xautoclaimJustId(streamKey, group,
                    consumerNames.get(0), 0, cursor, pageSize);
            cursor = page.getKey();
            taken += page.getValue().size();
        } while (!passStart.equals(cursor));
        return taken;
    }

    /**
     * Stops reading the key: the readers and a reclaim pass under way end after the entries they took are routed.
     */
    void stopReading() {
        active = false;
    }

    /**
     * Whether nothing of this key runs here any more: the readers and reclaim passes ended, their exchanges completed
     * and the XACKs of those that succeeded reached Redis. Only then may another consumer take the key over: its
     * take-over claims every pending entry, and must not find one that this consumer still processes.
     */
    boolean settled() {
        return !active && !readersStillRunning() && reclaimPasses.get() == 0
               && readers.stream().allMatch(reader -> reader.inFlight() == 0) && inFlight.size() == 0;
    }

    boolean isActive() {
        return active;
    }

    private synchronized boolean readersStillRunning() {
        return running.stream().anyMatch(reader -> !reader.isDone());
    }

    /**
     * Runs a reclaim pass while the key is read. The pass is counted before the check, so that {@link #settled} sees
     * a pass that started before {@link #stopReading}.
     */
    private void reclaimWhileReading() {
        reclaimPasses.incrementAndGet();
        try {
            if (active) {
                reclaimer.run();
            }
        } finally {
            reclaimPasses.decrementAndGet();
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
