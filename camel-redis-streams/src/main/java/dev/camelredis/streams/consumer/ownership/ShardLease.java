package dev.camelredis.streams.consumer.ownership;

import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The lease of one shard in a group: a key that names its owner and expires unless the owner renews it. Renewal and
 * release only touch a lease the caller still owns (a script compares first), so a consumer that lost its lease
 * during a pause cannot take it back from the new owner.
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

    /**
     * @param shardKey the stream key of the shard: the lease lives next to it, in the same hash slot
     */
    ShardLease(UnifiedJedis client, String shardKey, String group) {
        this.client = client;
        this.key = shardKey + ":lease:" + group;
        this.keyBytes = key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return true when the lease is free and now ours, or was ours already (then it is renewed)
     */
    boolean acquire(String owner, long leaseMillis) {
        if ("OK".equals(client.set(key, owner, SetParams.setParams().nx().px(leaseMillis)))) {
            return true;
        }
        return renew(owner, leaseMillis);
    }

    /**
     * @return false when the lease is not ours any more
     */
    boolean renew(String owner, long leaseMillis) {
        Object renewed = client.eval(RENEW, List.of(keyBytes), List.of(bytes(owner), bytes(String.valueOf(leaseMillis))));
        return renewed instanceof Long count && count == 1;
    }

    void release(String owner) {
        client.eval(RELEASE, List.of(keyBytes), List.of(bytes(owner)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
