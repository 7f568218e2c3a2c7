package dev.camelredis.streams.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.camelredis.streams.connection.RedisErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Takes over entries that have been pending in the group for longer than claimMinIdleTime, whoever holds them (a
 * crashed or hung consumer, or an exchange of ours that failed), and feeds them into the route through a reader's
 * dispatcher: the same in-flight bound and ack path as new entries.
 *
 * <p>Entries this consumer is processing are never routed twice: they are in flight, and with renewInFlight their
 * idle time never reaches claimMinIdleTime, so XAUTOCLAIM does not even take them.
 *
 * <p>XAUTOCLAIM scans at most 10 x COUNT pending entries per call, so the cursor is kept from one call to the next
 * until a pass over the whole pending list is complete. The command is sent raw because Jedis drops the third part
 * of its Redis 7 reply: the IDs of pending entries whose data was deleted, which Redis removes from the pending list.
 */
final class Reclaimer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Reclaimer.class);
    private static final byte[] PASS_START = "0-0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT = "COUNT".getBytes(StandardCharsets.US_ASCII);

    /** A reader claimed entries are handed to: its consumer name and its dispatcher. */
    record Target(String consumerName, DeliveryDispatcher dispatcher) {
    }

    private final RedisStreamsConsumer consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final byte[] streamKeyBytes;
    private final String group;
    private final byte[] groupBytes;
    private final byte[] minIdleTime;
    private final int claimCount;
    private final List<Target> targets;
    private final ConsumerCounters counters;
    private final ErrorBackoff backoff;
    private final BooleanSupplier reading;

    private byte[] cursor = PASS_START;

    /**
     * @param reading whether the key is being read now; with shard ownership only while this consumer owns it
     */
    Reclaimer(RedisStreamsConsumer consumer, UnifiedJedis client, String streamKey, String group, long minIdleTimeMillis,
              int claimCount, List<Target> targets, ConsumerCounters counters, ErrorBackoff backoff,
              BooleanSupplier reading) {
        this.consumer = consumer;
        this.client = client;
        this.streamKey = streamKey;
        this.streamKeyBytes = streamKey.getBytes(StandardCharsets.UTF_8);
        this.group = group;
        this.groupBytes = group.getBytes(StandardCharsets.UTF_8);
        this.minIdleTime = String.valueOf(minIdleTimeMillis).getBytes(StandardCharsets.US_ASCII);
        this.claimCount = claimCount;
        this.targets = targets;
        this.counters = counters;
        this.backoff = backoff;
        this.reading = reading;
    }

    /**
     * One scan: claims until the pass is complete or the readers have no room left; the next run resumes there.
     */
    @Override
    public void run() {
        if (!reading.getAsBoolean()) {
            return;
        }
        try {
            do {
                Target target = targets.stream().max(Comparator.comparingInt(t -> t.dispatcher().available())).orElseThrow();
                int room = Math.min(claimCount, target.dispatcher().available());
                if (room == 0) {
                    return;
                }
                List<Delivery> claimed = claim(target.consumerName(), room);
                backoff.onSuccess();
                target.dispatcher().dispatch(claimed);
            } while (!Arrays.equals(cursor, PASS_START) && consumer.isRunAllowed() && reading.getAsBoolean());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (RedisErrors.isNoGroup(e)) {
                // the readers create the group again (or report it): nothing is pending in a missing group
                cursor = PASS_START;
                return;
            }
            long delay = backoff.onFailure(RedisErrors.describe(e, consumer.getEndpoint().describe(), streamKey, group));
            consumer.pauseWhileRunning(delay);
        }
    }

    private List<Delivery> claim(String consumerName, int count) {
        List<?> reply = (List<?>) client.sendCommand(streamKeyBytes, Protocol.Command.XAUTOCLAIM, streamKeyBytes, groupBytes,
                consumerName.getBytes(StandardCharsets.UTF_8), minIdleTime, cursor, COUNT,
                String.valueOf(count).getBytes(StandardCharsets.US_ASCII));
        cursor = (byte[]) reply.get(0);
        List<StreamEntryBinary> claimed = new ArrayList<>();
        List<Delivery> deleted = new ArrayList<>();
        for (Object item : (List<?>) reply.get(1)) {
            List<?> entry = (List<?>) item;
            StreamEntryID id = new StreamEntryID((byte[]) entry.get(0));
            if (entry.get(1) == null) {
                // Redis 6.2 returns pending entries whose data is gone with nil fields: they still need an XACK
                deleted.add(new Delivery(id, null, 0, consumerName));
            } else {
                claimed.add(new StreamEntryBinary(id, fields((List<?>) entry.get(1))));
            }
        }
        if (reply.size() > 2) {
            int removedByRedis = ((List<?>) reply.get(2)).size();
            if (removedByRedis > 0) {
                LOG.debug("{} pending entries of {}/{} were deleted before they were processed", removedByRedis,
                        streamKey, group);
                counters.deletedWhilePending(removedByRedis);
            }
        }
        counters.reclaimed(claimed.size());
        List<Delivery> deliveries = new ArrayList<>(deleted);
        deliveries.addAll(PendingCounts.deliveries(client, streamKey, group, consumerName, claimed));
        return deliveries;
    }

    private static Map<byte[], byte[]> fields(List<?> flat) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>(flat.size());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
        }
        return fields;
    }
}
