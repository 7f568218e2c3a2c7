package dev.camelredis.streams.consumer.reading;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The loop of one group consumer: reclaim when a pass is due, read, route, repeat, until the Camel consumer stops. No
 * failure ends it: Redis errors are reported and retried with backoff, a deleted group is created again when
 * createGroup is on, and anything else thrown (an Error too) is reported, turns health DOWN and the loop goes on.
 * <p>
 * Read-ahead: when a read returns a full batch and maxInFlight leaves room beyond it, the next read goes out on
 * another thread while this one routes the batch, so that the reader does not sit idle for the round trip; that
 * thread also turns the entries into messages, which takes work off the routing thread. Batches are still routed
 * one after the other, in stream order; no read-ahead while the own pending entries are walked or a reclaim pass is
 * due, so that reclaiming is never starved.
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
    private volatile Executor readAheadPool;
    /** The read sent ahead, whose entries are routed next; null when none is out. Only the loop's thread uses it. */
    private CompletableFuture<ReadAhead> ahead;

    /** What a read ahead took, with the messages made for its entries. */
    private record ReadAhead(List<Delivery> batch, List<Message> messages) {
    }

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

    /**
     * Where reads ahead run: a pool with a thread to spare for each reader.
     */
    public void readAheadOn(Executor pool) {
        readAheadPool = pool;
    }

    @Override
    public void run() {
        ahead = null;
        int blockMillis = Math.toIntExact(configuration.getBlockTimeout());
        while (consumer.isRunAllowed() && shardActive.getAsBoolean()) {
            try {
                ensureGroup();
                int room = dispatcher.awaitRoom();
                if (room == 0) {
                    continue;
                }
                if (ahead == null) {
                    room = reclaim(room);
                    if (room == 0) {
                        continue;
                    }
                }
                int block = reclaimer == null ? blockMillis
                        : (int) Math.max(1, Math.min(blockMillis, reclaimer.millisUntilDue()));
                int count = Math.min(room, configuration.getMaxMessagesPerPoll());
                ReadAhead read = ahead != null ? takeAhead() : null;
                List<Delivery> batch = read != null ? read.batch() : reader.next(count, block);
                backoff.onSuccess();
                if (reclaimer != null) {
                    reclaimer.connectionBack();
                }
                if (batch.size() == count) {
                    readAhead(batch.size(), block);
                }
                if (read != null) {
                    dispatcher.dispatch(batch, read.messages());
                } else {
                    dispatcher.dispatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandonAhead();
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
        routeAhead();
    }

    /**
     * Sends the next read while this thread routes the batch in hand, when a full batch suggests more entries are
     * waiting, maxInFlight leaves room for them beyond that batch, and the acknowledgements keep up.
     */
    private void readAhead(int inHand, int block) {
        int room = dispatcher.available() - inHand;
        Executor pool = readAheadPool;
        if (room <= 0 || pool == null || reader.walking() || !consumer.isRunAllowed()
            || (reclaimer != null && reclaimer.millisUntilDue() == 0)) {
            return;
        }
        int count = Math.min(room, configuration.getMaxMessagesPerPoll());
        if (!dispatcher.mayTakeAhead(count)) {
            return;
        }
        try {
            ahead = CompletableFuture.supplyAsync(() -> {
                List<Delivery> batch = reader.next(count, block);
                return new ReadAhead(batch, dispatcher.map(batch));
            }, pool);
        } catch (RejectedExecutionException e) {
            // the consumer stops: the loop reads no more
            ahead = null;
        }
    }

    /** The entries of the read sent ahead; what it threw, when it failed (its reply may be lost, see GroupRead). */
    private ReadAhead takeAhead() throws InterruptedException {
        CompletableFuture<ReadAhead> read = ahead;
        ahead = null;
        try {
            return read.get();
        } catch (InterruptedException e) {
            ahead = read;
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new CompletionException(e.getCause());
        }
    }

    /** The loop ends: entries read ahead are taken, and are routed like the other exchanges in flight. */
    private void routeAhead() {
        if (ahead == null) {
            return;
        }
        try {
            ReadAhead read = takeAhead();
            dispatcher.dispatch(read.batch(), read.messages());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonAhead();
        } catch (RuntimeException e) {
            // the read failed: nothing was taken (a lost reply is accounted for by the reader)
            LOG.debug("Read ahead of {} failed while the reader stopped: {}", reader.consumerName(), e.getMessage());
        }
    }

    /**
     * The stop ran out of time: entries the read ahead takes stay pending, unrouted, like the rest of an interrupted
     * batch; the read may still be on the wire, so they are given back once it returns.
     */
    private void abandonAhead() {
        if (ahead != null) {
            ahead.thenAccept(read -> dispatcher.abandon(read.batch()));
            ahead = null;
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
        // the reader's state is restarted below: no read may be out on another thread then
        routeAhead();
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
            if (reclaimer != null) {
                reclaimer.connectionLost();
            }
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
