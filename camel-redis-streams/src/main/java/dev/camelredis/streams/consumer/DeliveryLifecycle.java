package dev.camelredis.streams.consumer;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;

/**
 * What happens to an entry between its read and its XACK, shared by the readers and the reclaimer of one consumer:
 * deciding whether it is routed at all, turning it into an exchange, and wiring the exchange's end to the ack path.
 */
final class DeliveryLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLifecycle.class);

    private final AckMode ackMode;
    private final Acknowledger acknowledger;
    private final InFlightEntries inFlight;
    private final ConsumerCounters counters;
    private final DeliveryMapper mapper;
    private final int maxDeliveries;
    private final DeadLetters deadLetters;
    private final FailureMemory failures = new FailureMemory();

    /**
     * @param maxDeliveries 0 for no limit
     * @param deadLetters   where entries go after maxDeliveries; null when there is no limit
     */
    DeliveryLifecycle(AckMode ackMode, Acknowledger acknowledger, InFlightEntries inFlight, ConsumerCounters counters,
                      DeliveryMapper mapper, int maxDeliveries, DeadLetters deadLetters) {
        this.ackMode = ackMode;
        this.acknowledger = acknowledger;
        this.inFlight = inFlight;
        this.counters = counters;
        this.mapper = mapper;
        this.maxDeliveries = maxDeliveries;
        this.deadLetters = deadLetters;
    }

    /**
     * Claims the entry for routing.
     *
     * @return false when the entry must not be routed: this consumer is processing it already, it was deleted while
     *         pending (it is acknowledged: there is nothing left to process), or it reached maxDeliveries (it was moved
     *         to the dead-letter stream)
     */
    boolean begin(Delivery delivery) {
        if (ackMode == AckMode.NONE) {
            return true;
        }
        if (delivery.isDeleted()) {
            LOG.debug("Entry {} was deleted while pending: acknowledging it without routing", delivery.id());
            counters.deletedWhilePending(1);
            acknowledger.acknowledge(delivery.id());
            return false;
        }
        if (maxDeliveries > 0 && delivery.deliveryCount() > maxDeliveries) {
            if (inFlight.add(delivery.id(), delivery.consumerName())) {
                try {
                    deadLetters.move(delivery, failures.lastError(delivery.id()));
                } finally {
                    inFlight.remove(delivery.id());
                }
                failures.forget(delivery.id());
                counters.deadLettered();
                LOG.warn("Entry {} was delivered {} times (maxDeliveries={}): moved to the dead-letter stream",
                        delivery.id(), delivery.deliveryCount() - 1, maxDeliveries);
            }
            return false;
        }
        return inFlight.add(delivery.id(), delivery.consumerName());
    }

    /**
     * Gives back an entry that {@link #begin} claimed but that will not be routed (the stop ran out of time): it stays
     * pending in Redis.
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
        exchange.getExchangeExtension().addOnCompletion(new DeliveryCompletion(delivery.id(), this));
    }

    void completed(StreamEntryID id) {
        if (maxDeliveries > 0) {
            failures.forget(id);
        }
        if (ackMode == AckMode.AUTO) {
            acknowledger.acknowledge(id);
        } else {
            inFlight.remove(id);
        }
    }

    void failed(StreamEntryID id, Throwable error) {
        counters.failed();
        if (maxDeliveries > 0) {
            failures.failed(id, error);
        }
        inFlight.remove(id);
    }
}
