package dev.camelredis.streams.consumer.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import redis.clients.jedis.StreamEntryID;

/**
 * Runs when the exchange of one entry is done, after the whole route (asynchronous parts included): with AUTO a
 * success queues the XACK; a failure leaves the entry pending in its group, for the reclaimer to deliver again. A
 * batch exchange ({@code batching=true}) has one per entry: the batch succeeds or fails as a whole.
 */
final class DeliveryCompletion extends SynchronizationAdapter {

    private final StreamEntryID id;
    private final DeliveryLifecycle lifecycle;

    DeliveryCompletion(StreamEntryID id, DeliveryLifecycle lifecycle) {
        this.id = id;
        this.lifecycle = lifecycle;
    }

    @Override
    public void onComplete(Exchange exchange) {
        lifecycle.completed(id);
    }

    @Override
    public void onFailure(Exchange exchange) {
        lifecycle.failed(id, exchange.getException());
    }
}
