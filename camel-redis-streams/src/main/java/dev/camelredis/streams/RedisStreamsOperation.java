package dev.camelredis.streams;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the producer does with a message: append it (XADD, the default) or administer the stream. The arguments of
 * each operation and the shape of its result are described in docs/operations.md.
 */
public enum RedisStreamsOperation {
    /** Append the body as one entry, or one entry per element of a List body. */
    XADD,
    /** The number of entries of the stream. */
    XLEN,
    /** Entries from the lowest ID to the highest. */
    XRANGE,
    /** Entries from the highest ID to the lowest. */
    XREVRANGE,
    /** Delete entries by ID. */
    XDEL,
    /** Trim the stream by length or by oldest ID to keep. */
    XTRIM,
    /** The pending entries of a group: a summary, or the entries themselves. */
    XPENDING,
    /** Give pending entries to another consumer of the group. */
    XCLAIM,
    /** The state of the stream. */
    XINFO_STREAM,
    /** The groups of the stream. */
    XINFO_GROUPS,
    /** The consumers of a group. */
    XINFO_CONSUMERS,
    /** Create a group. */
    XGROUP_CREATE,
    /** Delete a group, refused while it has pending entries unless force=true. */
    XGROUP_DESTROY,
    /** Move the last delivered ID of a group. */
    XGROUP_SETID,
    /** Delete a consumer of a group, refused while it has pending entries unless force=true. */
    XGROUP_DELCONSUMER;

    /**
     * All names, for error messages that list what is accepted.
     */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
