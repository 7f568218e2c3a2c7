package dev.camelredis.streams.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import dev.camelredis.streams.AckMode;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsEndpoint;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Consumes a stream through a consumer group: concurrentConsumers readers, each its own group consumer, feed one
 * route; entries are acknowledged by one ack path once their exchanges completed.
 */
public class RedisStreamsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);

    private final ConsumerCounters counters = new ConsumerCounters();
    private final List<StreamReader> readers = new ArrayList<>();
    private ExecutorService readerExecutor;
    private ExecutorService ackExecutor;
    private Acknowledger acknowledger;

    public RedisStreamsConsumer(RedisStreamsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
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
        UnifiedJedis client = endpoint.client();
        String streamKey = endpoint.getStreamKey();
        String group = configuration.getGroup();
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();

        InFlightEntries inFlight = new InFlightEntries();
        acknowledger = new Acknowledger(client, streamKey, group, endpoint.describe(), inFlight, counters,
                backoff("ack path of " + streamKey + "/" + group));
        DeliveryLifecycle lifecycle = new DeliveryLifecycle(configuration.getAckMode(), acknowledger, inFlight, counters,
                new DeliveryMapper(streamKey, group, configuration.getPayloadField()));

        int readerCount = configuration.getConcurrentConsumers();
        String baseName = endpoint.baseConsumerName();
        readers.clear();
        for (int i = 1; i <= readerCount; i++) {
            String consumerName = readerCount == 1 ? baseName : baseName + "-" + i;
            GroupReader reader = new GroupReader(client, streamKey, group, consumerName,
                    configuration.getMaxMessagesPerPoll(), configuration.getAckMode() == AckMode.NONE);
            readers.add(new StreamReader(this, client, streamKey, configuration, reader,
                    new DeliveryDispatcher(this, lifecycle, configuration.getMaxMessagesPerPoll()),
                    backoff("reader " + streamKey + "/" + group + "/" + consumerName)));
        }

        ackExecutor = executors.newSingleThreadExecutor(this, "RedisStreamsAck[" + streamKey + "]");
        acknowledger.start(ackExecutor);
        readerExecutor = executors.newFixedThreadPool(this, "RedisStreamsReader[" + streamKey + "]", readerCount);
        for (StreamReader reader : readers) {
            readerExecutor.submit(reader);
        }
        LOG.info("Consuming {} as group {} with consumer(s) {}", endpoint.describe(), group, consumerNames());
    }

    private ErrorBackoff backoff(String what) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        return new ErrorBackoff(what, configuration.getReconnectDelay(), configuration.getReconnectMaxDelay(),
                error -> getExceptionHandler().handleException(error.getMessage(), error));
    }

    /**
     * Stops reading, lets the exchanges in flight finish, sends their acks, and only then lets the connection go.
     */
    @Override
    protected void doStop() throws Exception {
        long timeoutMillis = getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout());
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (readerExecutor != null) {
            // readers leave their loop once isRunAllowed() turns false, at the latest after one blockTimeout
            executors.shutdownGraceful(readerExecutor, timeoutMillis);
            readerExecutor = null;
        }
        for (StreamReader reader : readers) {
            if (!reader.awaitIdle(Math.max(0, deadline - System.currentTimeMillis()))) {
                LOG.warn("Consumer {} stopped with {} exchange(s) still running: their entries stay pending",
                        reader.consumerName(), reader.inFlight());
            }
        }
        if (acknowledger != null) {
            acknowledger.stop(Math.max(0, deadline - System.currentTimeMillis()));
            executors.shutdownNow(ackExecutor);
            acknowledger = null;
        }
        super.doStop();
    }

    public List<String> consumerNames() {
        return readers.stream().map(StreamReader::consumerName).toList();
    }

    public ConsumerCounters getCounters() {
        return counters;
    }
}
