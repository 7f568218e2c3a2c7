package dev.camelredis.streams.consumer.delivery;

import java.util.function.Consumer;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.consumer.ConsumerCounters;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;

/**
 * What happens to a taken entry between its route and its XACK, shared by the readers of one stream key (and by a
 * polling consumer): turning it into an exchange, and telling the ledger and the ack path how the exchange ended.
 * Whether an entry is routed at all is decided before, entry by entry, when it is taken (see {@link DeliveryLedger}).
 */
public final class DeliveryLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLifecycle.class);

    private final AckMode ackMode;
    private final Consumer<StreamEntryID> acknowledge;
    private final DeliveryLedger ledger;
    private final ConsumerCounters counters;
    private final DeliveryMapper mapper;
    private final FailureMemory failures;

    /**
     * @param acknowledge queues the XACK of an entry (the ack path)
     */
    public DeliveryLifecycle(AckMode ackMode, Consumer<StreamEntryID> acknowledge, DeliveryLedger ledger,
                      ConsumerCounters counters, DeliveryMapper mapper, FailureMemory failures) {
        this.ackMode = ackMode;
        this.acknowledge = acknowledge;
        this.ledger = ledger;
        this.counters = counters;
        this.mapper = mapper;
        this.failures = failures;
    }

    /**
     * Gives back an entry that was taken but will not be routed (the stop ran out of time): it stays pending in Redis.
     */
    public void abandon(Delivery delivery) {
        ledger.release(delivery.id());
    }

    /**
     * Fills the exchange from the entry and arranges its acknowledgement.
     */
    public void attach(Delivery delivery, Exchange exchange) {
        mapper.map(delivery, exchange.getMessage());
        counters.delivered();
        if (ackMode == AckMode.NONE) {
            return;
        }
        if (ackMode == AckMode.MANUAL) {
            exchange.getMessage().setHeader(RedisStreamsConstants.ACKNOWLEDGEMENT,
                    new ManualAcknowledgement(delivery.id(), this));
        }
        exchange.getExchangeExtension().addOnCompletion(new DeliveryCompletion(delivery.id(), this));
    }

    public void completed(StreamEntryID id) {
        failures.forget(id);
        if (ledger.completed(id, ackMode == AckMode.AUTO)) {
            acknowledge.accept(id);
        }
    }

    public void failed(StreamEntryID id, Throwable error) {
        counters.failed();
        failures.failed(id, error);
        // with MANUAL an ack() the route called before failing is dropped: the entry stays pending
        ledger.release(id);
    }

    /** A manual ack(): sent once the exchange completed successfully. */
    public void manualAck(StreamEntryID id) {
        if (ledger.ackRequested(id)) {
            acknowledge.accept(id);
        } else if (!ledger.isHeld(id)) {
            LOG.debug("ack() of entry {} ignored: its exchange failed or was given up, so it stays pending", id);
        }
    }
}
