package dev.camelredis.streams.consumer.delivery;

import redis.clients.jedis.StreamEntryID;

/** An entry ID as a map key: Jedis' StreamEntryID.hashCode() builds a String on every call. */
record EntryKey(long time, long sequence) implements Comparable<EntryKey> {

    /** Below every entry ID that XADD can make. */
    static final EntryKey BEFORE_ALL = new EntryKey(0, 0);

    static EntryKey of(StreamEntryID id) {
        return new EntryKey(id.getTime(), id.getSequence());
    }

    @Override
    public int compareTo(EntryKey other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
