package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import dev.camelredis.streams.consumer.acknowledging.Acknowledger;
import dev.camelredis.streams.consumer.background.InFlightRenewer;
import dev.camelredis.streams.consumer.background.Reclaimer;
import dev.camelredis.streams.consumer.delivery.DeliveryDispatcher;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import dev.camelredis.streams.consumer.delivery.DeliveryLifecycle;
import dev.camelredis.streams.consumer.delivery.FailureMemory;
import dev.camelredis.streams.consumer.delivery.PendingTakeOver;
import dev.camelredis.streams.consumer.reading.GroupRead;
import dev.camelredis.streams.consumer.reading.ReaderLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAutoClaimParams;

/**
 * Everything a consumer does on one stream key (the stream, or one shard of it): its readers (which also reclaim), its
 * ack path, its renewer, the ledger of the entries it holds and the group statistics. Entry IDs are unique only within a
 * key, so each key keeps its own books. With shard ownership, the readers and the reclaimer of a key run only while
 * this consumer holds the key's lease.
 */
public final class ShardConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);
    private static final int MAX_UNACKNOWLEDGED = 10_000;

    private final RedisStreamsConsumer consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final GroupStatistics statistics;
    private final Acknowledger acknowledger;
    private final List<ReaderLoop> readers = new ArrayList<>();
    private final List<String> consumerNames;
    private final InFlightRenewer renewer;
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean active;

    /**
     * @param backoff a fresh backoff for the loop of the given name
     */
    public ShardConsumer(RedisStreamsConsumer consumer, String streamKey, List<String> consumerNames, ConsumerCounters counters,
                  Function<String, ErrorBackoff> backoff) {
        RedisStreamsEndpoint endpoint = consumer.getEndpoint();
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        this.consumer = consumer;
        this.client = endpoint.client();
        this.streamKey = streamKey;
        this.group = configuration.getGroup();
        this.consumerNames = consumerNames;
        this.statistics = new GroupStatistics(client, streamKey, group);
        this.acknowledger = new Acknowledger(client, streamKey, group, endpoint.describe(), ledger::settled, counters,
                backoff.apply("ack path of " + streamKey + "/" + group));
        FailureMemory failures = new FailureMemory();
        DeliveryLifecycle lifecycle = RedisStreamsConsumer.newLifecycle(endpoint, acknowledger, ledger, counters, failures);
        PendingTakeOver takeOver = RedisStreamsConsumer.newTakeOver(endpoint, streamKey, ledger, counters, failures,
                backoff.apply("dead letters of " + streamKey + "/" + group));
        boolean reclaiming = configuration.getClaimMinIdleTime() > 0 && configuration.getAckMode() != AckMode.NONE;
        // with shard ownership only the key's owner reclaims (its readers run only then): the entries its route failed,
        // and any a previous owner left that the take-over missed
        Reclaimer reclaimer = reclaiming
                ? new Reclaimer(client, streamKey, group, configuration.getClaimMinIdleTime(),
                        configuration.getClaimInterval(), configuration.getClaimCount(),
                        configuration.isRenewInFlight() ? configuration.renewalPeriod() : 0, ledger, takeOver, counters)
                : null;
        ErrorBackoff reclaimBackoff = backoff.apply("reclaimer " + streamKey + "/" + group);
        // acks may lag behind by this much before the readers pause; never less than the readers may have running
        int maxUnacknowledged = Math.max(MAX_UNACKNOWLEDGED, 2 * consumerNames.size() * configuration.effectiveMaxInFlight());
        for (String consumerName : consumerNames) {
            GroupRead reader = new GroupRead(client, streamKey, group, consumerName,
                    configuration.getAckMode() == AckMode.NONE, ledger, takeOver);
            DeliveryDispatcher dispatcher = new DeliveryDispatcher(consumer, lifecycle, configuration.effectiveMaxInFlight(),
                    configuration.isBatching(), ledger, maxUnacknowledged);
            readers.add(new ReaderLoop(consumer, client, streamKey, configuration, reader, dispatcher,
                    backoff.apply("reader " + streamKey + "/" + group + "/" + consumerName), reclaimer, reclaimBackoff,
                    () -> active));
        }
        this.renewer = configuration.getAckMode() != AckMode.NONE
                ? new InFlightRenewer(consumer, client, streamKey, group, ledger,
                        reclaiming && configuration.isRenewInFlight(), configuration.getMaxRenewalTime(), counters,
                        backoff.apply("in-flight renewer " + streamKey + "/" + group),
                        reclaimer != null ? reclaimer::connectionLost : () -> { })
                : null;
    }

    /**
     * Starts the ack path and the background tasks; the readers start with {@link #activate}.
     */
    public void start(ExecutorService ackPool, ScheduledExecutorService renewScheduler) {
        acknowledger.start(ackPool);
        if (renewer != null) {
            renewer.start(renewScheduler, consumer.getEndpoint().getConfiguration().renewalPeriod());
        }
    }

    /**
     * Starts reading the key.
     */
    public synchronized void activate(ExecutorService readerPool) {
        active = true;
        running.clear();
        for (ReaderLoop reader : readers) {
            reader.restart();
            reader.readAheadOn(readerPool);
            running.add(readerPool.submit(reader));
        }
    }

    /**
     * Takes over every entry pending in the group on this key (JUSTID: no delivery counted) for the first reader, so
     * that the new owner of a shard processes what the previous one left before it reads new entries.
     *
     * @return how many entries it took over
     */
    public long takeOverPending() {
        StreamEntryID passStart = new StreamEntryID(0, 0);
        XAutoClaimParams pageSize = XAutoClaimParams.xAutoClaimParams().count(1000);
        StreamEntryID cursor = passStart;
        long taken = 0;
        ledger.forgetLostDeliveries(consumerNames.get(0));
        do {
            Map.Entry<StreamEntryID, List<StreamEntryID>> page = client.xautoclaimJustId(streamKey, group,
                    consumerNames.get(0), 0, cursor, pageSize);
            cursor = page.getKey();
            taken += page.getValue().size();
        } while (!passStart.equals(cursor));
        return taken;
    }

    /**
     * Stops reading the key: each reader ends once it routed what it took, claimed entries included.
     */
    public void stopReading() {
        active = false;
    }

    /**
     * Whether nothing of this key runs here any more: the readers ended, and the ledger holds no entry of the key
     * (none taken, routing, or waiting for its XACK to reach Redis), and no exchange holds a slot (with ackMode=NONE
     * the ledger holds nothing). Only then may another consumer take the key over: its take-over claims every pending
     * entry, and must not find one that this consumer still processes. Reclaiming needs no check of its own: it runs
     * on the readers, and an entry is held in the ledger from before its XCLAIM until its XACK.
     */
    public boolean settled() {
        return !active && !readersStillRunning() && ledger.size() == 0
               && readers.stream().allMatch(reader -> reader.inFlight() == 0);
    }

    public boolean isActive() {
        return active;
    }

    private synchronized boolean readersStillRunning() {
        return running.stream().anyMatch(reader -> !reader.isDone());
    }

    /**
     * Waits until the exchanges of this key finished (the readers stopped already).
     */
    public void awaitIdle(long deadline) throws InterruptedException {
        for (ReaderLoop reader : readers) {
            if (!reader.awaitIdle(Math.max(0, deadline - System.currentTimeMillis()))) {
                LOG.warn("Consumer {} of {} stopped with {} exchange(s) still running: their entries stay pending",
                        reader.consumerName(), streamKey, reader.inFlight());
            }
        }
    }

    public void stopAcknowledging(long deadline) {
        acknowledger.stop(Math.max(0, deadline - System.currentTimeMillis()));
    }

    public GroupStatistics.Snapshot statistics() {
        return statistics.get();
    }

    public int inFlight() {
        return ledger.size();
    }

    public String streamKey() {
        return streamKey;
    }
}
