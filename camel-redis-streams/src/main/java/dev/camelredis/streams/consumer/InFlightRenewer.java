package dev.camelredis.streams.consumer;

import java.util.List;
import java.util.Map;

import dev.camelredis.streams.connection.RedisErrors;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XClaimParams;

/**
 * Keeps the entries this consumer is still processing from looking idle: XCLAIM ... JUSTID to the consumer that
 * already holds them resets their idle time without counting a delivery. Run at about half of claimMinIdleTime, it
 * keeps other consumers' reclaimers away from a slow but healthy exchange.
 */
final class InFlightRenewer implements Runnable {

    private final RedisStreamsConsumer consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final InFlightEntries inFlight;
    private final ErrorBackoff backoff;

    InFlightRenewer(RedisStreamsConsumer consumer, UnifiedJedis client, String streamKey, String group,
                    InFlightEntries inFlight, ErrorBackoff backoff) {
        this.consumer = consumer;
        this.client = client;
        this.streamKey = streamKey;
        this.group = group;
        this.inFlight = inFlight;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        try {
            for (Map.Entry<String, List<StreamEntryID>> held : inFlight.byConsumer().entrySet()) {
                client.xclaimJustId(streamKey, group, held.getKey(), 0, XClaimParams.xClaimParams(),
                        held.getValue().toArray(new StreamEntryID[0]));
            }
            backoff.onSuccess();
        } catch (RuntimeException e) {
            // reported once; the next run tries again
            backoff.onFailure(RedisErrors.describe(e, consumer.getEndpoint().describe(), streamKey, group));
        }
    }
}
