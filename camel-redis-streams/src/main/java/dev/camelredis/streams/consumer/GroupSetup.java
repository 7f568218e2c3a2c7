package dev.camelredis.streams.consumer;

import java.nio.charset.StandardCharsets;

import dev.camelredis.streams.connection.RedisErrors;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Creates a consumer group (and its stream) when it does not exist yet.
 */
public final class GroupSetup {

    private GroupSetup() {
    }

    /**
     * XGROUP CREATE key group startId MKSTREAM; a group that already exists is left as it is.
     *
     * @return true when this call created the group
     */
    public static boolean ensureGroup(UnifiedJedis client, String streamKey, String group, String startId) {
        try {
            client.xgroupCreate(streamKey.getBytes(StandardCharsets.UTF_8), group.getBytes(StandardCharsets.UTF_8),
                    startId.getBytes(StandardCharsets.UTF_8), true);
            return true;
        } catch (JedisDataException e) {
            if (RedisErrors.isBusyGroup(e)) {
                return false;
            }
            throw e;
        }
    }
}
