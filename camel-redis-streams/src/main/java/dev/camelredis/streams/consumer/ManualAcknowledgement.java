package dev.camelredis.streams.consumer;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelredis.streams.RedisStreamsAcknowledgement;
import redis.clients.jedis.StreamEntryID;

/**
 * The handle a route gets with ackMode=MANUAL.
 */
final class ManualAcknowledgement implements RedisStreamsAcknowledgement {

    private final StreamEntryID id;
    private final Acknowledger acknowledger;
    private final AtomicBoolean acked = new AtomicBoolean();

    ManualAcknowledgement(StreamEntryID id, Acknowledger acknowledger) {
        this.id = id;
        this.acknowledger = acknowledger;
    }

    @Override
    public void ack() {
        if (acked.compareAndSet(false, true)) {
            acknowledger.acknowledge(id);
        }
    }

    @Override
    public String toString() {
        return "RedisStreamsAcknowledgement[" + id + (acked.get() ? ", acked]" : "]");
    }
}
