package dev.camelredis.streams.consumer.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Moves an entry that reached maxDeliveries to the dead-letter stream: its fields plus where it came from, added
 * there and acknowledged in its group in one script, so that Redis never does one without the other. The fields are
 * read inside the script: the entry is not claimed first, so a dead letter counts no delivery.
 */
public final class DeadLetters {

    public static final String SOURCE_STREAM = "dlq-source-stream";
    public static final String SOURCE_ID = "dlq-source-id";
    public static final String GROUP = "dlq-group";
    public static final String CONSUMER = "dlq-consumer";
    public static final String DELIVERIES = "dlq-deliveries";
    public static final String ERROR = "dlq-error";

    /** What {@link #move} found. */
    public enum Outcome { MOVED, NO_LONGER_PENDING, DELETED }

    // Moves the entry only while it is still pending with the delivery count the caller saw: otherwise another consumer
    // dead-lettered, acknowledged or claimed it meanwhile (no second dead letter in a race). XADD before XACK: if it
    // fails (the dead-letter key holds another type, say) the script stops and the entry stays pending.
    private static final byte[] MOVE_SCRIPT = ("""
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if #pending == 0 or tonumber(pending[1][4]) ~= tonumber(ARGV[3]) then return 0 end
            local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
            if #entry == 0 then
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
              return 2
            end
            local fields = entry[1][2]
            for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('XADD', KEYS[2], '*', unpack(fields))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """).getBytes(StandardCharsets.UTF_8);

    private final UnifiedJedis client;
    private final byte[] streamKey;
    private final byte[] deadLetterStream;
    private final String streamKeyText;
    private final String deadLetterStreamText;
    private final String group;

    public DeadLetters(UnifiedJedis client, String streamKey, String group, String deadLetterStream) {
        this.client = client;
        this.streamKey = utf8(streamKey);
        this.streamKeyText = streamKey;
        this.deadLetterStream = utf8(deadLetterStream);
        this.deadLetterStreamText = deadLetterStream;
        this.group = group;
    }

    public String deadLetterStream() {
        return deadLetterStreamText;
    }

    /**
     * @param countInGroup the entry's delivery count in the group as the caller read it, which must not have changed
     * @param deliveries   how often the entry was handed to a route: the count in the group, less deliveries whose
     *                     reply was lost
     * @param lastError    the message of the last failure this consumer saw for the entry, or null
     */
    public Outcome move(StreamEntryID id, String consumerName, long countInGroup, long deliveries, String lastError) {
        List<byte[]> args = new ArrayList<>(16);
        args.add(utf8(group));
        args.add(utf8(id.toString()));
        args.add(utf8(String.valueOf(countInGroup)));
        addField(args, SOURCE_STREAM, streamKeyText);
        addField(args, SOURCE_ID, id.toString());
        addField(args, GROUP, group);
        addField(args, CONSUMER, consumerName);
        addField(args, DELIVERIES, String.valueOf(deliveries));
        if (lastError != null) {
            addField(args, ERROR, lastError);
        }
        long result = (Long) client.eval(MOVE_SCRIPT, List.of(streamKey, deadLetterStream), args);
        return result == 1 ? Outcome.MOVED : result == 2 ? Outcome.DELETED : Outcome.NO_LONGER_PENDING;
    }

    private static void addField(List<byte[]> args, String name, String value) {
        args.add(utf8(name));
        args.add(utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
