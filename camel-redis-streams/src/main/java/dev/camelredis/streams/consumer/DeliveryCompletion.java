package dev.camelredis.streams.consumer;

import dev.camelredis.streams.AckMode;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import redis.clients.jedis.StreamEntryID;

/**
 * Runs when the exchange of one entry is done, after the whole route (asynchronous parts included): with AUTO a
 * success queues the XACK; a failure leaves the entry pending in its group, for a later redelivery.
 */
final class DeliveryCompletion extends SynchronizationAdapter {

    private final StreamEntryID id;
    private final AckMode ackMode;
    private final Acknowledger acknowledger;
    private final InFlightEntries inFlight;
    private final ConsumerCounters counters;

    DeliveryCompletion(StreamEntryID id, AckMode ackMode, Acknowledger acknowledger, InFlightEntries inFlight,
                       ConsumerCounters counters) {
        this.id = id;
        this.ackMode = ackMode;
        this.acknowledger = acknowledger;
        this.inFlight = inFlight;
        this.counters = counters;
    }

    @Override
    public void onComplete(Exchange exchange) {
        if (ackMode == AckMode.AUTO) {
            acknowledger.acknowledge(id);
        } else {
            inFlight.remove(id);
        }
    }

    @Override
    public void onFailure(Exchange exchange) {
        counters.failed();
        inFlight.remove(id);
    }
}
