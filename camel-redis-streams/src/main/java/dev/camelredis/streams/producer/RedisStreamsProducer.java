package dev.camelredis.streams.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import dev.camelredis.streams.HeaderFields;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsEndpoint;
import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.RedisStreamsOperation;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.ops.OperationArguments;
import dev.camelredis.streams.ops.StreamOperations;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultAsyncProducer;
import redis.clients.jedis.params.XAddParams;

/**
 * Appends the message to the stream (XADD), trimming as configured, and returns the new entry's ID in the header
 * CamelRedisStreamsMessageId. A List body appends one entry per element and returns the List of IDs. The XADDs of
 * concurrent exchanges share pipelines; the exchanges then go on with their routes on a completion pool.
 * <p>
 * The other operations (option operation, or the header CamelRedisStreamsOperation) read or administer the stream:
 * they run in the caller's thread, one command each, and put their result in the body.
 */
public class RedisStreamsProducer extends DefaultAsyncProducer {

    private final EntryFields entryFields;
    private final HeaderFields headerFields;
    private ExecutorService pipelineExecutor;
    private ExecutorService completionExecutor;
    private volatile PipelinedAppender appender;
    private ShardSelector shards;
    /** The XADD parameters of every exchange without an explicit ID, when they do not depend on the time (maxAge). */
    private XAddParams commonParams;
    private StreamOperations operations;

    public RedisStreamsProducer(RedisStreamsEndpoint endpoint) {
        super(endpoint);
        this.entryFields = new EntryFields(endpoint.getConfiguration().getPayloadField());
        this.headerFields = HeaderFields.of(endpoint.getConfiguration());
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        RedisStreamsEndpoint endpoint = getEndpoint();
        String noStream = "Stream '" + endpoint.getStreamKey() + "' of " + endpoint.describe()
                          + " does not exist and noMkStream=true: create the stream first or set noMkStream=false";
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
        completionExecutor = executors.newDefaultThreadPool(this, "RedisStreamsProducerCompletion[" + endpoint.getStreamKey() + "]");
        PipelinedAppender started = new PipelinedAppender(endpoint.client(), endpoint.getStreamKey(), this::describe,
                noStream, endpoint.producerHealth(), completionExecutor, endpoint.getConfiguration().getSocketTimeout());
        shards = new ShardSelector(endpoint.shardKeys());
        commonParams = endpoint.getConfiguration().getMaxAge() > 0 ? null : addParams(null);
        pipelineExecutor = executors.newSingleThreadExecutor(this, "RedisStreamsProducer[" + endpoint.getStreamKey() + "]");
        started.start(pipelineExecutor);
        appender = started;
        operations = new StreamOperations(endpoint.client(), endpoint.getStreamKey(), endpoint.describe(),
                endpoint.getConfiguration());
        endpoint.registerProducerHealthCheck();
    }

    @Override
    protected void doStop() throws Exception {
        PipelinedAppender stopping = appender;
        if (stopping != null) {
            long timeoutMillis = getEndpoint().getConfiguration().getSocketTimeout() * 2;
            stopping.stop(timeoutMillis);
            ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
            executors.shutdownNow(pipelineExecutor);
            // the exchanges handed back go on with their routes
            executors.shutdownGraceful(completionExecutor, timeoutMillis);
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RedisStreamsOperation operation;
        try {
            operation = OperationArguments.operationOf(exchange.getMessage(), getEndpoint().getConfiguration().getOperation());
        } catch (IllegalArgumentException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (operation == RedisStreamsOperation.XADD) {
            return append(exchange, callback);
        }
        try {
            exchange.getMessage().setBody(
                    operations.execute(new OperationArguments(operation, exchange.getMessage(), getEndpoint().getConfiguration())));
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private boolean append(Exchange exchange, AsyncCallback callback) {
        try {
            List<Map<byte[], byte[]>> entries = entryFields.of(exchange);
            headerFields.addTo(entries, exchange);
            boolean listBody = exchange.getMessage().getBody() instanceof List;
            String explicitId = exchange.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
            if (listBody && explicitId != null) {
                throw new CamelExchangeException(
                        "Cannot add a List body with the explicit ID " + explicitId + " of the header "
                                                 + RedisStreamsConstants.MESSAGE_ID
                                                 + ": entries of one List need IDs of their own; remove that header",
                        exchange);
            }
            byte[] streamKey = shards.keyFor(exchange.getMessage().getHeader(RedisStreamsConstants.PARTITION_KEY, String.class));
            XAddParams params = explicitId == null && commonParams != null ? commonParams : addParams(explicitId);
            appender.submit(new AppendRequest(exchange, callback, streamKey, entries, params, explicitId, listBody));
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private XAddParams addParams(String explicitId) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        XAddParams params = XAddParams.xAddParams();
        if (explicitId != null) {
            params.id(explicitId);
        }
        if (configuration.isNoMkStream()) {
            params.noMkStream();
        }
        if (configuration.getMaxLen() > 0) {
            params.maxLen(configuration.getMaxLen());
        } else if (configuration.getMaxAge() > 0) {
            params.minId(String.valueOf(System.currentTimeMillis() - configuration.getMaxAge()));
        } else {
            return params;
        }
        return configuration.isApproximateTrimming() ? params.approximateTrimming() : params.exactTrimming();
    }

    private RedisStreamsException describe(RuntimeException error, String explicitId) {
        RedisStreamsException described
                = RedisErrors.describe(error, getEndpoint().describe(), getEndpoint().getStreamKey(), null);
        if (explicitId == null || !String.valueOf(error.getMessage()).contains("ID specified in XADD")) {
            return described;
        }
        return new RedisStreamsException(described.getMessage() + ". The header " + RedisStreamsConstants.MESSAGE_ID
                                         + " asked for ID " + explicitId + "; when forwarding entries read from a stream,"
                                         + " remove that header so that Redis assigns a new ID",
                error);
    }
}
