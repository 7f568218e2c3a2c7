package dev.camelredis.streams.consumer.delivery;

import redis.clients.jedis.StreamEntryID;

/** An entry ID as a map key: Jedis' StreamEntryID.hashCode() builds a String on every call. */
record EntryKey(long time, long sequence) implements Comparable<EntryKey> {

    /** Below every entry ID that XADD can make. */
    static final EntryKey BEFORE_ALL = new EntryKey(0, 0);

    static EntryKey of(StreamEntryID id) {
        return new EntryKey(id.getTime(), id.getSequence());
    }

    // written out: the generated ones of a record go through method handles, which showed in the reader's profile (two
    // look-ups per routed entry)
    @Override
    public boolean equals(Object other) {
        return other instanceof EntryKey key && key.time == time && key.sequence == sequence;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(time) * 31 + Long.hashCode(sequence);
    }

    @Override
    public int compareTo(EntryKey other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
