package dev.camelredis.streams.consumer.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsAcknowledgement;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.consumer.ConsumerCounters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.MessageSupport;
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

    /** The messages of the entries, in order, ready for {@link #attach} or {@link #attachBatch}. */
    public List<Message> map(List<Delivery> batch) {
        List<Message> messages = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            messages.add(mapper.toMessage(delivery));
        }
        return messages;
    }

    /**
     * Fills the exchange from the entry.
     *
     * @return what the exchange must run when it is done, to acknowledge the entry or leave it pending; null when
     *         nothing is acknowledged (ackMode NONE)
     */
    public Synchronization attach(Delivery delivery, Exchange exchange) {
        return attach(delivery, mapper.toMessage(delivery), exchange);
    }

    /**
     * Fills the exchange with the entry's message, made by {@link #map}.
     *
     * @return as {@link #attach(Delivery, Exchange)}
     */
    public Synchronization attach(Delivery delivery, Message message, Exchange exchange) {
        exchange.setIn(message);
        counters.delivered();
        if (ackMode == AckMode.NONE) {
            return null;
        }
        if (ackMode == AckMode.MANUAL) {
            exchange.getMessage().setHeader(RedisStreamsConstants.ACKNOWLEDGEMENT,
                    new ManualAcknowledgement(delivery.id(), this));
        }
        return new DeliveryCompletion(List.of(delivery.id()), this);
    }

    /**
     * Fills a batch exchange: its body is a List with one message per entry, mapped as {@link #attach} maps a single
     * one, and the batch is acknowledged when the exchange completed, each entry as if it had been routed alone. With
     * MANUAL, the exchange's acknowledgement acknowledges every entry of the batch.
     *
     * @param entries the messages of the batch's entries, made by {@link #map}
     * @return as {@link #attach(Delivery, Exchange)}, for all entries of the batch
     */
    public Synchronization attachBatch(List<Delivery> batch, List<Message> entries, Exchange exchange) {
        List<StreamEntryID> ids = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ((MessageSupport) entries.get(i)).setExchange(exchange);
            ids.add(batch.get(i).id());
            counters.delivered();
        }
        exchange.getMessage().setBody(entries);
        if (ackMode == AckMode.NONE) {
            return null;
        }
        if (ackMode == AckMode.MANUAL) {
            List<RedisStreamsAcknowledgement> acknowledgements = new ArrayList<>(ids.size());
            for (StreamEntryID id : ids) {
                acknowledgements.add(new ManualAcknowledgement(id, this));
            }
            exchange.getMessage().setHeader(RedisStreamsConstants.ACKNOWLEDGEMENT,
                    (RedisStreamsAcknowledgement) () -> acknowledgements.forEach(RedisStreamsAcknowledgement::ack));
        }
        return new DeliveryCompletion(ids, this);
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
