package dev.camelredis.streams.consumer.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.util.KeyValue;

/**
 * Reads stream entries out of Redis' raw replies (XREADGROUP, XCLAIM) as the consumer needs them: the ID as two
 * numbers and the fields as the flat list Redis sends. Jedis' own builders put every entry's fields in a byte-keyed
 * map that is copied again on each iteration, and parse every ID through String.split: on the consume path that was
 * a fifth of the reader's time.
 */
public final class EntryReplies {

    private EntryReplies() {
    }

    /**
     * The entries of an XREADGROUP reply for one stream, first delivered to consumerName.
     *
     * @param reply RESP2 (an array of [key, entries]) or RESP3 (a map of key to entries); null when BLOCK timed out
     */
    public static List<Delivery> readGroup(Object reply, String consumerName) {
        if (!(reply instanceof List<?> streams) || streams.isEmpty()) {
            return List.of();
        }
        Object stream = streams.get(0);
        Object entries = stream instanceof KeyValue<?, ?> keyValue ? keyValue.getValue() : ((List<?>) stream).get(1);
        List<?> list = (List<?>) entries;
        List<Delivery> deliveries = new ArrayList<>(list.size());
        for (Object entry : list) {
            List<?> parts = (List<?>) entry;
            deliveries.add(new Delivery(id((byte[]) parts.get(0)), fields(parts.get(1)), 1, consumerName));
        }
        return deliveries;
    }

    /** An entry ID such as 1700000000000-5, parsed without building Strings. */
    public static StreamEntryID id(byte[] text) {
        long time = 0;
        int i = 0;
        for (; i < text.length && text[i] != '-'; i++) {
            time = time * 10 + digit(text, i);
        }
        if (i == 0 || i >= text.length - 1) {
            throw notAnId(text);
        }
        long sequence = 0;
        for (i++; i < text.length; i++) {
            sequence = sequence * 10 + digit(text, i);
        }
        return new StreamEntryID(time, sequence);
    }

    /** The ID as Redis writes it, the inverse of {@link #id}, without building Strings. */
    public static byte[] text(StreamEntryID id) {
        byte[] text = new byte[digits(id.getTime()) + 1 + digits(id.getSequence())];
        int at = writeBackwards(id.getSequence(), text, text.length);
        text[--at] = '-';
        writeBackwards(id.getTime(), text, at);
        return text;
    }

    private static int digits(long number) {
        int digits = 1;
        for (long rest = number; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes the number's digits so that the last is just before end; returns where they start. */
    private static int writeBackwards(long number, byte[] text, int end) {
        int at = end;
        long rest = number;
        do {
            text[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        return at;
    }

    /**
     * The fields of an entry as Redis sends them, name and value alternating; null when the entry was deleted while
     * pending (Redis 6.2 answers XCLAIM so).
     */
    @SuppressWarnings("unchecked")
    public static List<byte[]> fields(Object flat) {
        return (List<byte[]>) flat;
    }

    private static int digit(byte[] text, int at) {
        int digit = text[at] - '0';
        if (digit < 0 || digit > 9) {
            throw notAnId(text);
        }
        return digit;
    }

    private static IllegalArgumentException notAnId(byte[] text) {
        return new IllegalArgumentException("Redis answered " + new String(text, StandardCharsets.US_ASCII)
                                            + " where a stream entry ID (time-sequence) belongs");
    }
}
