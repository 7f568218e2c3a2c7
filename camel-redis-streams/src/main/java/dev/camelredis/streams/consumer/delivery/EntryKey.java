package dev.camelredis.streams.consumer.delivery;

import redis.clients.jedis.StreamEntryID;

/** An entry ID as a map key: Jedis' StreamEntryID.hashCode() builds a String on every call. */
record EntryKey(long time, long sequence) {

    static EntryKey of(StreamEntryID id) {
        return new EntryKey(id.getTime(), id.getSequence());
    }
}
