package dev.camelredis.streams.consumer;

import java.util.List;
import java.util.function.BooleanSupplier;

import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.connection.RedisErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The loop of one group consumer: read, route, repeat, until the Camel consumer stops. No failure ends it: Redis
 * errors are reported and retried with backoff, a deleted group is created again when createGroup is on.
 */
final class StreamReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

    private final RedisStreamsConsumer consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final RedisStreamsConfiguration configuration;
    private final GroupReader reader;
    private final DeliveryDispatcher dispatcher;
    private final ErrorBackoff backoff;

    private final BooleanSupplier shardActive;
    private volatile boolean groupChecked;

    /**
     * @param shardActive whether this reader's stream key is still to be read: always, unless shard ownership moved it
     *                    to another consumer
     */
    StreamReader(RedisStreamsConsumer consumer, UnifiedJedis client, String streamKey,
                 RedisStreamsConfiguration configuration, GroupReader reader, DeliveryDispatcher dispatcher,
                 ErrorBackoff backoff, BooleanSupplier shardActive) {
        this.consumer = consumer;
        this.client = client;
        this.streamKey = streamKey;
        this.configuration = configuration;
        this.reader = reader;
        this.dispatcher = dispatcher;
        this.backoff = backoff;
        this.shardActive = shardActive;
    }

    /**
     * Prepares a new run of the loop: check the group again and walk the own pending entries first.
     */
    void restart() {
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
                List<Delivery> batch = reader.next(Math.min(room, configuration.getMaxMessagesPerPoll()), blockMillis);
                backoff.onSuccess();
                dispatcher.dispatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                onFailure(e);
            }
        }
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
        long delay = backoff.onFailure(
                RedisErrors.describe(error, consumer.getEndpoint().describe(), streamKey, configuration.getGroup()));
        consumer.pauseWhileRunning(delay);
    }

    String consumerName() {
        return reader.consumerName();
    }

    int inFlight() {
        return dispatcher.inFlight();
    }

    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        return dispatcher.awaitIdle(timeoutMillis);
    }
}
