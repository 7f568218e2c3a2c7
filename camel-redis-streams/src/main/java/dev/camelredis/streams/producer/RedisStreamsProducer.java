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
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import redis.clients.jedis.params.XAddParams;

/**
 * Appends the message to the stream (XADD), trimming as configured, and returns the new entry's ID in the header
 * CamelRedisStreamsMessageId. A List body appends one entry per element and returns the List of IDs. The XADDs of
 * concurrent exchanges share pipelines, sent by one thread; the exchanges then go on with their routes on the worker
 * pool. With synchronous=true, and for sends made while a route goes on after an XADD, the XADDs go out in the caller's
 * thread instead.
 * <p>
 * The other operations (option operation, or the header CamelRedisStreamsOperation) read or administer the stream:
 * they run in the caller's thread, one command each, and put their result in the body.
 */
public class RedisStreamsProducer extends DefaultAsyncProducer {

    private final EntryFields entryFields;
    private final HeaderFields headerFields;
    private XaddSender sender;
    private ExecutorService pipelineExecutor;
    private Continuations continuations;
    /**
     * Whether the routes go on on the producer's own worker pool (no workerPool given): only then does an exchange sent
     * while the pipeline is idle go out, and go on, in its sender's thread.
     */
    private boolean ownWorkerPool;
    private volatile PipelinedAppender appender;
    private volatile boolean stopped;
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
        RedisStreamsConfiguration configuration = endpoint.getConfiguration();
        String noStream = "Stream '" + endpoint.getStreamKey() + "' of " + endpoint.describe()
                          + " does not exist and noMkStream=true: create the stream first or set noMkStream=false";
        sender = new XaddSender(endpoint.client(), endpoint.describe(), this::describe, noStream, endpoint.producerHealth());
        shards = new ShardSelector(endpoint.shardKeys());
        commonParams = configuration.getMaxAge() > 0 ? null : addParams(null);
        operations = new StreamOperations(endpoint.client(), endpoint.getStreamKey(), endpoint.describe(), configuration);
        stopped = false;
        if (!configuration.isSynchronous()) {
            ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
            ownWorkerPool = configuration.getWorkerPool() == null;
            continuations = new Continuations(ownWorkerPool ? newWorkerPool(executors) : configuration.getWorkerPool(),
                    ownWorkerPool);
            PipelinedAppender started = new PipelinedAppender(sender, continuations, endpoint.getStreamKey(),
                    configuration.getSocketTimeout());
            pipelineExecutor = executors.newSingleThreadExecutor(this, "RedisStreamsProducer[" + endpoint.getStreamKey() + "]");
            started.start(pipelineExecutor);
            appender = started;
        }
        endpoint.registerProducerHealthCheck();
    }

    /**
     * workerPoolCoreSize threads, then a queue, then up to workerPoolMaxSize threads. A full pool never runs a route in
     * the submitting thread (the pipeline thread): the exchange waits in {@link Continuations} instead.
     */
    private ExecutorService newWorkerPool(ExecutorServiceManager executors) {
        RedisStreamsConfiguration configuration = getEndpoint().getConfiguration();
        ThreadPoolProfile profile = new ThreadPoolProfile("RedisStreamsProducerWorkers");
        profile.setPoolSize(configuration.getWorkerPoolCoreSize());
        profile.setMaxPoolSize(configuration.getWorkerPoolMaxSize());
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        profile.addDefaults(executors.getDefaultThreadPoolProfile());
        return executors.newThreadPool(this, "RedisStreamsProducerWorker[" + getEndpoint().getStreamKey() + "]", profile);
    }

    @Override
    protected void doStop() throws Exception {
        stopped = true;
        PipelinedAppender stopping = appender;
        if (stopping != null) {
            long timeoutMillis = getEndpoint().getConfiguration().getSocketTimeout() * 2;
            stopping.stop(timeoutMillis);
            ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
            executors.shutdownNow(pipelineExecutor);
            // the exchanges handed back go on with their routes
            continuations.close(executors, timeoutMillis);
            appender = null;
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
        AppendRequest request;
        try {
            List<Map<byte[], byte[]>> entries = entryFields.of(exchange);
            headerFields.addTo(entries, exchange);
            boolean listBody = exchange.getMessage().getBody() instanceof List;
            String explicitId = exchange.getMessage().getHeader(RedisStreamsConstants.EXPLICIT_ID, String.class);
            if (listBody && explicitId != null) {
                throw new CamelExchangeException(
                        "Cannot add a List body with the explicit ID " + explicitId + " of the header "
                                                 + RedisStreamsConstants.EXPLICIT_ID
                                                 + ": entries of one List need IDs of their own; remove that header",
                        exchange);
            }
            byte[] streamKey = shards.keyFor(exchange.getMessage().getHeader(RedisStreamsConstants.PARTITION_KEY, String.class));
            XAddParams params = explicitId == null && commonParams != null ? commonParams : addParams(explicitId);
            request = new AppendRequest(exchange, callback, streamKey, entries, params, explicitId, listBody);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        PipelinedAppender pipelined = appender;
        if (pipelined != null && !Continuations.inContinuation()) {
            // a pool of the user's says where routes go on: then every exchange takes the pipeline
            if (ownWorkerPool && pipelined.sendIfIdle(request)) {
                callback.done(true);
                return true;
            }
            pipelined.submit(request);
            return false;
        }
        // synchronous, or the rest of a route after an XADD, whose thread must not wait for another continuation
        if (stopped) {
            request.settle(null, PipelinedAppender.stopped(getEndpoint().getStreamKey()));
        } else {
            sender.send(List.of(request), (settled, ids, error) -> settled.settle(ids, error));
        }
        callback.done(true);
        return true;
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
        return new RedisStreamsException(described.getMessage() + ". The header " + RedisStreamsConstants.EXPLICIT_ID
                                         + " asked for ID " + explicitId + ": explicit IDs must be greater than the"
                                         + " stream's last ID; leave that header out to let Redis assign one",
                error);
    }
}
