package dev.camelredis.streams.consumer;

import dev.camelredis.streams.consumer.acknowledging.Acknowledger;
import dev.camelredis.streams.consumer.delivery.Delivery;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import dev.camelredis.streams.consumer.delivery.DeliveryLifecycle;
import dev.camelredis.streams.consumer.delivery.FailureMemory;
import dev.camelredis.streams.consumer.delivery.PendingTakeOver;
import dev.camelredis.streams.consumer.reading.GroupRead;
import dev.camelredis.streams.health.LoopHealth;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import dev.camelredis.streams.connection.RedisErrors;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.PollingConsumerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads one entry per call through the consumer group, for ConsumerTemplate.receive. With ackMode=AUTO the entry is
 * acknowledged when the exchange is done: receiveBody does that by itself; after receive, call
 * ConsumerTemplate.doneUoW(exchange).
 */
public class RedisStreamsPollingConsumer extends PollingConsumerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsPollingConsumer.class);

    private final ConsumerCounters counters = new ConsumerCounters();
    private UnifiedJedis client;
    private GroupRead reader;
    private DeliveryLifecycle lifecycle;
    private Acknowledger acknowledger;
    private ExecutorService ackExecutor;
    private boolean groupReady;

    public RedisStreamsPollingConsumer(RedisStreamsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        RedisStreamsEndpoint endpoint = getEndpoint();
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        client = endpoint.client();
        String streamKey = endpoint.getStreamKey();
        String group = configuration.getGroup();
        DeliveryLedger ledger = new DeliveryLedger();
        FailureMemory failures = new FailureMemory();
        LoopHealth health = new LoopHealth();
        acknowledger = new Acknowledger(client, streamKey, group, endpoint.describe(), ledger::settled, counters,
                backoff("ack path of " + streamKey + "/" + group, health));
        lifecycle = RedisStreamsConsumer.newLifecycle(endpoint, acknowledger, ledger, counters, failures);
        PendingTakeOver takeOver = RedisStreamsConsumer.newTakeOver(endpoint, streamKey, ledger, counters, failures,
                backoff("dead letters of " + streamKey + "/" + group, health));
        reader = new GroupRead(client, streamKey, group, endpoint.baseConsumerName(),
                configuration.getAckMode() == AckMode.NONE, ledger, takeOver);
        ackExecutor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "RedisStreamsAck[" + streamKey + "]");
        acknowledger.start(ackExecutor);
    }

    private ErrorBackoff backoff(String what, LoopHealth health) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        return new ErrorBackoff(what, configuration.getReconnectDelay(), configuration.getReconnectMaxDelay(),
                error -> LOG.warn(error.getMessage(), error), health);
    }

    @Override
    protected void doStop() throws Exception {
        if (acknowledger != null) {
            acknowledger.stop(getEndpoint().getConfiguration().getSocketTimeout());
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(ackExecutor);
            acknowledger = null;
        }
        super.doStop();
    }

    @Override
    public Exchange receive() {
        while (isRunAllowed()) {
            Exchange exchange = poll(getEndpoint().getConfiguration().getBlockTimeout());
            if (exchange != null) {
                return exchange;
            }
        }
        return null;
    }

    @Override
    public Exchange receiveNoWait() {
        return poll(0);
    }

    /**
     * Reads in steps of at most blockTimeout until the timeout: one blocking read may last only blockTimeout plus
     * socketTimeout before its connection counts as dead.
     */
    @Override
    public Exchange receive(long timeout) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        long blockTimeout = getEndpoint().getConfiguration().getBlockTimeout();
        long remaining = timeout;
        do {
            Exchange exchange = poll(Math.min(Math.max(remaining, 0), blockTimeout));
            if (exchange != null) {
                return exchange;
            }
            remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        } while (remaining > 0 && isRunAllowed());
        return null;
    }

    private synchronized Exchange poll(long timeoutMillis) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        String streamKey = getEndpoint().getStreamKey();
        try {
            try {
                return read(timeoutMillis);
            } catch (RuntimeException e) {
                if (!RedisErrors.isNoGroup(e) || !configuration.isCreateGroup()) {
                    throw e;
                }
                groupReady = false;
                return read(timeoutMillis);
            }
        } catch (RuntimeException e) {
            if (RedisErrors.isConnectionFailure(e)) {
                reader.readOwnPendingFirst();
            }
            throw RedisErrors.describe(e, getEndpoint().describe(), streamKey, configuration.getGroup());
        }
    }

    private Exchange read(long timeoutMillis) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        if (!groupReady && configuration.isCreateGroup()) {
            GroupSetup.ensureGroup(client, getEndpoint().getStreamKey(), configuration.getGroup(), configuration.getStartId());
        }
        groupReady = true;
        // a walk of the own pending entries may yield none while it goes on (they are in flight here)
        int blockMillis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
        List<Delivery> taken;
        boolean walked;
        do {
            walked = reader.walking();
            taken = reader.next(1, blockMillis);
        } while (taken.isEmpty() && walked);
        if (taken.isEmpty()) {
            return null;
        }
        Exchange exchange = getEndpoint().createExchange();
        Synchronization done = lifecycle.attach(taken.get(0), exchange);
        if (done != null) {
            exchange.getExchangeExtension().addOnCompletion(done);
        }
        return exchange;
    }
}
