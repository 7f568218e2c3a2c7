package dev.camelredis.streams.ops;

import java.util.List;

import dev.camelredis.streams.RedisStreamsException;
import redis.clients.jedis.UnifiedJedis;

/**
 * Deletes consumers and groups only when that loses no pending entry, unless forced. The pending check and the
 * deletion run in one script, so that no entry can become pending between them and be lost after a check that said
 * there was none.
 */
final class GroupRemoval {

    // Replies {1, reply of XGROUP DELCONSUMER} when done, {0, pending entries of the consumer} when refused.
    // The XPENDING summary lists only consumers with pending entries, as pairs of name and count.
    private static final String DELETE_CONSUMER_SCRIPT = """
            if ARGV[3] ~= '1' then
              local consumers = redis.call('XPENDING', KEYS[1], ARGV[1])[4]
              if consumers then
                for _, consumer in ipairs(consumers) do
                  if consumer[1] == ARGV[2] then return {0, tonumber(consumer[2])} end
                end
              end
            end
            return {1, redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])}
            """;

    // Replies {1, reply of XGROUP DESTROY} when done, {0, pending entries of the group} when refused.
    // A missing group has nothing pending: its XPENDING error is ignored and XGROUP DESTROY answers 0 for it.
    private static final String DESTROY_GROUP_SCRIPT = """
            if ARGV[2] ~= '1' then
              local summary = redis.pcall('XPENDING', KEYS[1], ARGV[1])
              if summary.err == nil and summary[1] > 0 then return {0, summary[1]} end
            end
            return {1, redis.call('XGROUP', 'DESTROY', KEYS[1], ARGV[1])}
            """;

    private final UnifiedJedis client;
    private final String streamKey;
    private final String endpoint;

    /**
     * @param endpoint the endpoint and server, as safe to log
     */
    GroupRemoval(UnifiedJedis client, String streamKey, String endpoint) {
        this.client = client;
        this.streamKey = streamKey;
        this.endpoint = endpoint;
    }

    /**
     * @return how many pending entries the consumer had, and lost with it (0 unless forced)
     * @throws RedisStreamsException when the consumer has pending entries and force is false; nothing is deleted
     */
    long deleteConsumer(String group, String consumer, boolean force) {
        List<?> reply = (List<?>) client.eval(DELETE_CONSUMER_SCRIPT, List.of(streamKey), List.of(group, consumer, flag(force)));
        long value = (Long) reply.get(1);
        if (refused(reply)) {
            throw new RedisStreamsException(
                    "XGROUP_DELCONSUMER refused: consumer '" + consumer + "' of group '" + group + "' on stream '" + streamKey
                                            + "' of " + endpoint + " still has " + value
                                            + " pending entries, which deleting it would lose. Let them be processed and"
                                            + " acknowledged, or claimed by another consumer (XCLAIM), first; or set the"
                                            + " option force=true to delete them with the consumer. Nothing was deleted");
        }
        return value;
    }

    /**
     * @return whether the group existed and was destroyed
     * @throws RedisStreamsException when the group has pending entries and force is false; nothing is deleted
     */
    boolean destroyGroup(String group, boolean force) {
        List<?> reply = (List<?>) client.eval(DESTROY_GROUP_SCRIPT, List.of(streamKey), List.of(group, flag(force)));
        long value = (Long) reply.get(1);
        if (refused(reply)) {
            throw new RedisStreamsException(
                    "XGROUP_DESTROY refused: group '" + group + "' on stream '" + streamKey + "' of " + endpoint
                                            + " still has " + value + " pending entries, which destroying it would lose."
                                            + " Let its consumers process and acknowledge them first; or set the option"
                                            + " force=true to destroy the group with them. Nothing was deleted");
        }
        return value > 0;
    }

    private static boolean refused(List<?> reply) {
        return (Long) reply.get(0) == 0;
    }

    private static String flag(boolean force) {
        return force ? "1" : "0";
    }
}
