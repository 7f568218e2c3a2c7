package dev.camelredis.streams.consumer.ownership;

import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The lease of one shard in a group, as one consumer instance sees it: a key that holds the token of its owner and
 * expires unless the owner renews it. The token names a consumer instance, not a consumer name, so that two consumers
 * started with the same consumerName never both own a shard. Renewal and release only touch a lease the instance
 * still owns (a script compares first), so one that lost its lease during a pause cannot take it back from the new
 * owner.
 */
final class ShardLease {

    private static final byte[] RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """.getBytes(StandardCharsets.UTF_8);

    private final UnifiedJedis client;
    private final String key;
    private final byte[] keyBytes;
    private final String owner;
    private final byte[] ownerBytes;
    private final long leaseMillis;

    /**
     * @param shardKey the stream key of the shard: the lease lives next to it, in the same hash slot
     * @param owner    the token of this consumer instance
     */
    ShardLease(UnifiedJedis client, String shardKey, String group, String owner, long leaseMillis) {
        this.client = client;
        this.key = shardKey + ":lease:" + group;
        this.keyBytes = key.getBytes(StandardCharsets.UTF_8);
        this.owner = owner;
        this.ownerBytes = bytes(owner);
        this.leaseMillis = leaseMillis;
    }

    /**
     * @return true when the lease is free and now ours, or was ours already (then it is renewed)
     */
    boolean acquire() {
        if ("OK".equals(client.set(key, owner, SetParams.setParams().nx().px(leaseMillis)))) {
            return true;
        }
        return renew();
    }

    /**
     * @return false when the lease is not ours any more
     */
    boolean renew() {
        Object renewed = client.eval(RENEW, List.of(keyBytes), List.of(ownerBytes, bytes(String.valueOf(leaseMillis))));
        return renewed instanceof Long count && count == 1;
    }

    /**
     * Deletes the lease if it is still ours.
     */
    void release() {
        client.eval(RELEASE, List.of(keyBytes), List.of(ownerBytes));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
