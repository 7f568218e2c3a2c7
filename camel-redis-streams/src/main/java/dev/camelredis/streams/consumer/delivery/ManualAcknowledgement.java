package dev.camelredis.streams.consumer.delivery;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelredis.streams.RedisStreamsAcknowledgement;
import redis.clients.jedis.StreamEntryID;

/**
 * The handle a route gets with ackMode=MANUAL. The XACK goes out once the exchange completed successfully (at once
 * when it already did); until then the entry stays held, renewed and counted against the bounds.
 */
final class ManualAcknowledgement implements RedisStreamsAcknowledgement {

    private final StreamEntryID id;
    private final DeliveryLifecycle lifecycle;
    private final AtomicBoolean acked = new AtomicBoolean();

    ManualAcknowledgement(StreamEntryID id, DeliveryLifecycle lifecycle) {
        this.id = id;
        this.lifecycle = lifecycle;
    }

    @Override
    public void ack() {
        if (acked.compareAndSet(false, true)) {
            lifecycle.manualAck(id);
        }
    }

    @Override
    public String toString() {
        return "RedisStreamsAcknowledgement[" + id + (acked.get() ? ", acked]" : "]");
    }
}
