package dev.camelredis.streams.producer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * Picks the stream key an exchange is added to when the stream is sharded: by a stable hash of the partition key
 * (CRC-32 of its UTF-8 bytes, the same in every JVM and easy to compute in other languages), so that one partition key
 * always lands on one shard and keeps its order; in turn when there is no partition key.
 */
final class ShardSelector {

    private final List<byte[]> keys;
    private final AtomicInteger turn = new AtomicInteger();

    ShardSelector(List<String> shardKeys) {
        this.keys = shardKeys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    byte[] keyFor(String partitionKey) {
        if (keys.size() == 1) {
            return keys.get(0);
        }
        if (partitionKey == null) {
            return keys.get(Math.floorMod(turn.getAndIncrement(), keys.size()));
        }
        return keys.get(shardOf(partitionKey, keys.size()));
    }

    /**
     * The shard index of a partition key among n shards.
     */
    static int shardOf(String partitionKey, int shards) {
        CRC32 crc = new CRC32();
        crc.update(partitionKey.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
