package dev.camelredis.streams.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.faults.History.PendingSample;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Samples the group of each stream: the last-delivered-id first, then the pending entries with their owners, so that
 * an entry delivered after the first read cannot look acknowledged. A sample that fails (Redis down, paused past the
 * socket timeout, group gone) or whose pending list does not fit in one page is not recorded.
 */
final class PendingSampler {

    private static final int PAGE = 10_000;

    private final UnifiedJedis client;
    private final List<String> streams;
    private final String group;
    private final List<PendingSample> samples = new ArrayList<>();

    PendingSampler(UnifiedJedis client, List<String> streams, String group) {
        this.client = client;
        this.streams = streams;
        this.group = group;
    }

    /** Takes one sample of each stream. */
    void sample() {
        for (String stream : streams) {
            try {
                long start = System.currentTimeMillis();
                String lastDelivered = null;
                for (StreamGroupInfo info : client.xinfoGroups(stream)) {
                    if (info.getName().equals(group)) {
                        lastDelivered = info.getLastDeliveredId().toString();
                    }
                }
                if (lastDelivered == null) {
                    continue;
                }
                List<StreamPendingEntry> pending = client.xpending(stream, group, XPendingParams.xPendingParams()
                        .start(StreamEntryID.MINIMUM_ID).end(StreamEntryID.MAXIMUM_ID).count(PAGE));
                long end = System.currentTimeMillis();
                if (pending.size() < PAGE) {
                    Map<String, String> owners = new HashMap<>();
                    pending.forEach(p -> owners.put(p.getID().toString(), p.getConsumerName()));
                    synchronized (samples) {
                        samples.add(new PendingSample(stream, start, end, lastDelivered, owners));
                    }
                }
            } catch (RuntimeException e) {
                // a fault is going on: this sample is skipped, the next one will tell
            }
        }
    }

    List<PendingSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
