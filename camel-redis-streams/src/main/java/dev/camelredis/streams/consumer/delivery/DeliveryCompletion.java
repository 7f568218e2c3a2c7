package dev.camelredis.streams.consumer.delivery;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.support.SynchronizationAdapter;
import redis.clients.jedis.StreamEntryID;

/**
 * Runs when the exchange of an entry is done, after the whole route (asynchronous parts included): with AUTO a
 * success queues the XACK; a failure leaves the entry pending in its group, for the reclaimer to deliver again. A
 * batch exchange ({@code batching=true}) carries all entries of its batch: they succeed or fail as a whole. Runs
 * after the exchange's other completions (an onCompletion of the route), which belong to the entry's processing.
 */
final class DeliveryCompletion extends SynchronizationAdapter {

    private final List<StreamEntryID> ids;
    private final DeliveryLifecycle lifecycle;

    DeliveryCompletion(List<StreamEntryID> ids, DeliveryLifecycle lifecycle) {
        this.ids = ids;
        this.lifecycle = lifecycle;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }

    @Override
    public void onComplete(Exchange exchange) {
        for (StreamEntryID id : ids) {
            lifecycle.completed(id);
        }
    }

    @Override
    public void onFailure(Exchange exchange) {
        for (StreamEntryID id : ids) {
            lifecycle.failed(id, exchange.getException());
        }
    }
}
