package dev.camelredis.streams.consumer.reading;

import java.util.List;
import java.util.function.BooleanSupplier;

import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.ConsumerHost;
import dev.camelredis.streams.consumer.ErrorBackoff;
import dev.camelredis.streams.consumer.GroupSetup;
import dev.camelredis.streams.consumer.background.Reclaimer;
import dev.camelredis.streams.consumer.delivery.Delivery;
import dev.camelredis.streams.consumer.delivery.DeliveryDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The loop of one group consumer: reclaim when a pass is due, read, route, repeat, until the Camel consumer stops. No
 * failure ends it: Redis errors are reported and retried with backoff, a deleted group is created again when
 * createGroup is on, and anything else thrown (an Error too) is reported, turns health DOWN and the loop goes on.
 */
public final class ReaderLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderLoop.class);

    private final ConsumerHost consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final RedisStreamsConfiguration configuration;
    private final GroupRead reader;
    private final DeliveryDispatcher dispatcher;
    private final ErrorBackoff backoff;
    private final Reclaimer reclaimer;
    private final ErrorBackoff reclaimBackoff;

    private final BooleanSupplier shardActive;
    private volatile boolean groupChecked;

    /**
     * @param reclaimer   the key's reclaimer, shared by its readers; null when reclaiming is off
     * @param shardActive whether this reader's stream key is still to be read: always, unless shard ownership moved it
     *                    to another consumer
     */
    public ReaderLoop(ConsumerHost consumer, UnifiedJedis client, String streamKey,
                 RedisStreamsConfiguration configuration, GroupRead reader, DeliveryDispatcher dispatcher,
                 ErrorBackoff backoff, Reclaimer reclaimer, ErrorBackoff reclaimBackoff, BooleanSupplier shardActive) {
        this.consumer = consumer;
        this.client = client;
        this.streamKey = streamKey;
        this.configuration = configuration;
        this.reader = reader;
        this.dispatcher = dispatcher;
        this.backoff = backoff;
        this.reclaimer = reclaimer;
        this.reclaimBackoff = reclaimBackoff;
        this.shardActive = shardActive;
    }

    /**
     * Prepares a new run of the loop: check the group again and walk the own pending entries first.
     */
    public void restart() {
        groupChecked = false;
        reader.readOwnPendingFirst();
    }

    @Override
    public void run() {
        int blockMillis = Math.toIntExact(configuration.getBlockTimeout());
        while (consumer.isRunAllowed() && shardActive.getAsBoolean()) {
            try {
                ensureGroup();
                int room = dispatcher.awaitRoom();
                if (room == 0) {
                    continue;
                }
                room = reclaim(room);
                if (room == 0) {
                    continue;
                }
                int block = reclaimer == null ? blockMillis
                        : (int) Math.max(1, Math.min(blockMillis, reclaimer.millisUntilDue()));
                List<Delivery> batch = reader.next(Math.min(room, configuration.getMaxMessagesPerPoll()), block);
                backoff.onSuccess();
                dispatcher.dispatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                onFailure(e);
            } catch (Throwable e) {
                // an Error must not end the reader silently: report it like a Redis failure and go on
                LOG.error("Reader {} of {} failed unexpectedly, it goes on after a pause", reader.consumerName(), streamKey, e);
                consumer.pauseWhileRunning(backoff.onFailure(new RedisStreamsException("Reader " + reader.consumerName() + " of "
                        + consumer.describe() + " failed: " + e, e)));
            }
        }
    }

    /**
     * Routes a page of idle pending entries when a reclaim pass is due, on this reader's thread.
     *
     * @return the room left
     */
    private int reclaim(int room) throws InterruptedException {
        if (reclaimer == null) {
            return room;
        }
        List<Delivery> claimed;
        try {
            claimed = reclaimer.claimIfDue(reader.consumerName(), room);
            reclaimBackoff.onSuccess();
        } catch (RuntimeException e) {
            if (RedisErrors.isNoGroup(e)) {
                // the read that follows creates the group again, or reports it
                reclaimer.restartPass(0);
                return room;
            }
            if (RedisErrors.isConnectionFailure(e)) {
                // the reader's own failure: reported once, by the reader
                reclaimer.restartPass(0);
                throw e;
            }
            reclaimer.restartPass(reclaimBackoff.onFailure(
                    RedisErrors.describe(e, consumer.describe(), streamKey, configuration.getGroup())));
            return room;
        }
        if (claimed.isEmpty()) {
            return room;
        }
        dispatcher.dispatch(claimed);
        return dispatcher.available();
    }

    private void ensureGroup() {
        if (!groupChecked && configuration.isCreateGroup()) {
            if (GroupSetup.ensureGroup(client, streamKey, configuration.getGroup(), configuration.getStartId())) {
                LOG.info("Created consumer group {} on stream {} starting at {}", configuration.getGroup(), streamKey,
                        configuration.getStartId());
            }
        }
        groupChecked = true;
    }

    private void onFailure(RuntimeException error) {
        if (RedisErrors.isNoGroup(error) && configuration.isCreateGroup()) {
            LOG.warn("Consumer group {} of stream {} disappeared (group or stream deleted): creating it again",
                    configuration.getGroup(), streamKey);
            restart();
            consumer.pauseWhileRunning(configuration.getReconnectDelay());
            return;
        }
        if (RedisErrors.isConnectionFailure(error)) {
            // a lost reply may have left entries pending for us that we never saw
            restart();
        }
        consumer.pauseWhileRunning(backoff.onFailure(
                RedisErrors.describe(error, consumer.describe(), streamKey, configuration.getGroup())));
    }


    public String consumerName() {
        return reader.consumerName();
    }

    public int inFlight() {
        return dispatcher.inFlight();
    }

    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        return dispatcher.awaitIdle(timeoutMillis);
    }
}
