package dev.camelredis.streams.consumer;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an entry between its read and its XACK, shared by all readers of one consumer: tracking it as in
 * flight, turning it into an exchange, and wiring the exchange's completion to the ack path.
 */
final class DeliveryLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLifecycle.class);

    private final AckMode ackMode;
    private final Acknowledger acknowledger;
    private final InFlightEntries inFlight;
    private final ConsumerCounters counters;
    private final DeliveryMapper mapper;

    DeliveryLifecycle(AckMode ackMode, Acknowledger acknowledger, InFlightEntries inFlight, ConsumerCounters counters,
                      DeliveryMapper mapper) {
        this.ackMode = ackMode;
        this.acknowledger = acknowledger;
        this.inFlight = inFlight;
        this.counters = counters;
        this.mapper = mapper;
    }

    /**
     * Claims the entry for routing.
     *
     * @return false when the entry must not be routed: this consumer is processing it already, or it was deleted while
     *         pending (then it is acknowledged, since there is nothing left to process)
     */
    boolean begin(Delivery delivery) {
        if (ackMode == AckMode.NONE) {
            return true;
        }
        if (delivery.isDeleted()) {
            LOG.debug("Entry {} was deleted while pending: acknowledging it without routing", delivery.id());
            acknowledger.acknowledge(delivery.id());
            return false;
        }
        return inFlight.add(delivery.id());
    }

    /**
     * Gives back an entry that {@link #begin} claimed but that will not be routed (the consumer is stopping): it
     * stays pending in Redis.
     */
    void abandon(Delivery delivery) {
        inFlight.remove(delivery.id());
    }

    /**
     * Fills the exchange from the entry and arranges its acknowledgement.
     */
    void attach(Delivery delivery, Exchange exchange) {
        mapper.map(delivery, exchange.getMessage());
        counters.delivered();
        if (ackMode == AckMode.NONE) {
            return;
        }
        if (ackMode == AckMode.MANUAL) {
            exchange.getMessage().setHeader(RedisStreamsConstants.ACKNOWLEDGEMENT,
                    new ManualAcknowledgement(delivery.id(), acknowledger));
        }
        exchange.getExchangeExtension()
                .addOnCompletion(new DeliveryCompletion(delivery.id(), ackMode, acknowledger, inFlight, counters));
    }
}
