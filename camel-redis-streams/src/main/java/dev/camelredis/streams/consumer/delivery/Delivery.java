package dev.camelredis.streams.consumer.delivery;

import java.util.List;

import redis.clients.jedis.StreamEntryID;

/**
 * One entry handed to this consumer by the group, with how often the group has delivered it.
 *
 * @param fields the fields in stream order, name and value alternating as Redis sends them; null when the entry was
 *               deleted while pending
 */
public record Delivery(StreamEntryID id, List<byte[]> fields, long deliveryCount, String consumerName) {

    public boolean isDeleted() {
        return fields == null;
    }
}
