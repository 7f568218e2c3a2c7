package dev.camelredis.streams.ops;

import java.util.List;
import java.util.Map;

import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.RedisStreamsOperation;
import dev.camelredis.streams.connection.RedisErrors;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XTrimParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Runs the operations other than XADD on the stream of one endpoint, one Redis command each (the check and the
 * deletion in one script for the guarded removals), and returns their results as plain Java values.
 */
public final class StreamOperations {

    private final UnifiedJedis client;
    private final String streamKey;
    private final String endpoint;
    private final RedisStreamsConfiguration configuration;
    private final GroupRemoval groupRemoval;

    /**
     * @param endpoint the endpoint and server, as safe to log
     */
    public StreamOperations(UnifiedJedis client, String streamKey, String endpoint, RedisStreamsConfiguration configuration) {
        this.client = client;
        this.streamKey = streamKey;
        this.endpoint = endpoint;
        this.configuration = configuration;
        this.groupRemoval = new GroupRemoval(client, streamKey, endpoint);
    }

    /**
     * @return the result for the body, as described per operation in docs/operations.md
     * @throws IllegalArgumentException when an argument is missing or malformed; nothing was sent to Redis
     * @throws RedisStreamsException    when Redis failed or refused the command
     */
    public Object execute(OperationArguments arguments) {
        if (configuration.getShards() > 1) {
            // the stream key of a sharded endpoint names no Redis key: the operation would answer for a missing stream
            throw new IllegalArgumentException(
                    arguments.operation() + " works on one stream key, but " + endpoint + " is split into shards="
                                               + configuration.getShards() + " keys " + streamKey + ":{0} ... " + streamKey
                                               + ":{" + (configuration.getShards() - 1) + "}: send it to an endpoint of one"
                                               + " shard key, for example redis-streams:" + streamKey + ":{0}");
        }
        try {
            return run(arguments);
        } catch (JedisException e) {
            throw describe(arguments, e);
        }
    }

    private Object run(OperationArguments arguments) {
        return switch (arguments.operation()) {
            case XLEN -> client.xlen(streamKey);
            case XRANGE -> StreamResults.entries(range(arguments, false));
            case XREVRANGE -> StreamResults.entries(range(arguments, true));
            case XDEL -> client.xdel(streamKey, arguments.ids());
            case XTRIM -> client.xtrim(streamKey, trimParams(arguments));
            case XPENDING -> pending(arguments);
            case XCLAIM -> claim(arguments);
            case XINFO_STREAM -> StreamResults.streamInfo(client.xinfoStream(streamKey));
            case XINFO_GROUPS -> StreamResults.groups(client.xinfoGroups(streamKey));
            case XINFO_CONSUMERS -> StreamResults.consumers(client.xinfoConsumers2(streamKey, arguments.group()));
            case XGROUP_CREATE -> createGroup(arguments);
            case XGROUP_DESTROY -> groupRemoval.destroyGroup(arguments.group(), arguments.force());
            case XGROUP_SETID -> setId(arguments);
            case XGROUP_DELCONSUMER -> groupRemoval.deleteConsumer(arguments.group(), arguments.consumer(), arguments.force());
            case XADD -> throw new IllegalStateException("XADD goes through the producer's pipeline, not StreamOperations");
        };
    }

    private List<StreamEntry> range(OperationArguments arguments, boolean reverse) {
        String start = arguments.start();
        String end = arguments.end();
        Integer count = arguments.count();
        if (reverse) {
            return count == null ? client.xrevrange(streamKey, end, start) : client.xrevrange(streamKey, end, start, count);
        }
        return count == null ? client.xrange(streamKey, start, end) : client.xrange(streamKey, start, end, count);
    }

    /**
     * The limit of the message (MAXLEN or MINID header), else the endpoint's maxLen or maxAge, trimmed as
     * approximateTrimming says.
     */
    private XTrimParams trimParams(OperationArguments arguments) {
        Long maxLen = arguments.maxLen();
        String minId = arguments.minId();
        if (maxLen != null && minId != null) {
            throw new IllegalArgumentException(
                    "XTRIM trims by one strategy, but both headers " + RedisStreamsConstants.MAX_LEN + " and "
                                               + RedisStreamsConstants.MIN_ID + " are set: remove one of them");
        }
        XTrimParams params = XTrimParams.xTrimParams();
        if (maxLen != null) {
            params.maxLen(maxLen);
        } else if (minId != null) {
            params.minId(minId);
        } else if (configuration.getMaxLen() > 0) {
            params.maxLen(configuration.getMaxLen());
        } else if (configuration.getMaxAge() > 0) {
            params.minId(String.valueOf(System.currentTimeMillis() - configuration.getMaxAge()));
        } else {
            throw new IllegalArgumentException(
                    "XTRIM needs a limit: set the header " + RedisStreamsConstants.MAX_LEN + " (entries to keep) or "
                                               + RedisStreamsConstants.MIN_ID + " (the lowest ID to keep), or the option"
                                               + " maxLen or maxAge of the endpoint");
        }
        return configuration.isApproximateTrimming() ? params.approximateTrimming() : params.exactTrimming();
    }

    /**
     * The summary, or with a count the pending entries themselves: Redis takes the range, consumer and idle filters
     * only in that second form.
     */
    private Object pending(OperationArguments arguments) {
        String group = arguments.group();
        Integer count = arguments.count();
        if (count == null) {
            for (String filter : List.of(RedisStreamsConstants.START, RedisStreamsConstants.END,
                    RedisStreamsConstants.MIN_IDLE_TIME)) {
                if (arguments.has(filter)) {
                    throw new IllegalArgumentException(
                            "XPENDING lists pending entries only with the header " + RedisStreamsConstants.COUNT
                                                       + " (the most entries to list), but " + filter
                                                       + " is set without it: set " + RedisStreamsConstants.COUNT
                                                       + ", or remove " + filter + " to get the summary");
                }
            }
            return StreamResults.pendingSummary(client.xpending(streamKey, group));
        }
        XPendingParams params = XPendingParams.xPendingParams(arguments.start(), arguments.end(), count);
        String consumer = arguments.consumerFilter();
        if (consumer != null) {
            params.consumer(consumer);
        }
        long minIdleTime = arguments.minIdleTime();
        if (minIdleTime > 0) {
            params.idle(minIdleTime);
        }
        return StreamResults.pendingEntries(client.xpending(streamKey, group, params));
    }

    private List<Map<String, Object>> claim(OperationArguments arguments) {
        List<StreamEntry> claimed = client.xclaim(streamKey, arguments.group(), arguments.consumer(),
                arguments.minIdleTime(), XClaimParams.xClaimParams(), arguments.ids());
        return StreamResults.entries(claimed);
    }

    /**
     * @return true when the group was created, false when it existed already (left as it was)
     */
    private boolean createGroup(OperationArguments arguments) {
        try {
            client.xgroupCreate(streamKey, arguments.group(), arguments.createStartId(), arguments.mkStream());
            return true;
        } catch (JedisException e) {
            if (RedisErrors.isBusyGroup(e)) {
                return false;
            }
            throw e;
        }
    }

    private boolean setId(OperationArguments arguments) {
        client.xgroupSetID(streamKey, arguments.group(), arguments.setId());
        return true;
    }

    private RedisStreamsException describe(OperationArguments arguments, JedisException error) {
        String group = arguments.groupOrNull();
        if (RedisErrors.isNoGroup(error)) {
            return new RedisStreamsException(
                    arguments.operation() + " found no consumer group '" + group + "' on stream '" + streamKey + "' of "
                                             + endpoint + " (" + error.getMessage() + "). Check the option group or the header "
                                             + RedisStreamsConstants.GROUP + ", or create the group first with the operation"
                                             + " XGROUP_CREATE",
                    error);
        }
        if (RedisErrors.isConnectionFailure(error)) {
            // unlike the consumer, an operation is not retried, and a lost reply leaves its effect unknown
            return new RedisStreamsException(
                    arguments.operation() + " failed: cannot reach Redis for " + endpoint + " (" + error.getMessage()
                                             + "). Check that the server runs and that the connection options name it."
                                             + " The operation was not retried; if it changes the stream, it may or may"
                                             + " not have been applied",
                    error);
        }
        RedisStreamsException described = RedisErrors.describe(error, endpoint, streamKey, group);
        return new RedisStreamsException(arguments.operation() + " failed. " + described.getMessage(), error);
    }
}
