package dev.camelredis.streams.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.UnifiedJedis;

/**
 * Moves an entry that reached maxDeliveries to the dead-letter stream: its fields plus where it came from, added
 * there and acknowledged in its group in one script, so that Redis never does one without the other.
 */
final class DeadLetters {

    static final String SOURCE_STREAM = "dlq-source-stream";
    static final String SOURCE_ID = "dlq-source-id";
    static final String GROUP = "dlq-group";
    static final String CONSUMER = "dlq-consumer";
    static final String DELIVERIES = "dlq-deliveries";
    static final String ERROR = "dlq-error";

    // XADD first: if it fails (the dead-letter key holds another type, say) the script stops and the entry stays
    // pending. XACK can then only fail when the group is gone, and with it the pending entry.
    private static final byte[] MOVE_SCRIPT = ("""
            local fields = {}
            for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
            local id = redis.call('XADD', KEYS[2], '*', unpack(fields))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return id
            """).getBytes(StandardCharsets.UTF_8);

    private final UnifiedJedis client;
    private final byte[] streamKey;
    private final byte[] deadLetterStream;
    private final String streamKeyText;
    private final String group;

    DeadLetters(UnifiedJedis client, String streamKey, String group, String deadLetterStream) {
        this.client = client;
        this.streamKey = utf8(streamKey);
        this.streamKeyText = streamKey;
        this.deadLetterStream = utf8(deadLetterStream);
        this.group = group;
    }

    /**
     * @param lastError the message of the last failure this consumer saw for the entry, or null
     */
    void move(Delivery delivery, String lastError) {
        List<byte[]> args = new ArrayList<>(4 + delivery.fields().size() * 2 + 12);
        args.add(utf8(group));
        args.add(utf8(delivery.id().toString()));
        for (Map.Entry<byte[], byte[]> field : delivery.fields().entrySet()) {
            args.add(field.getKey());
            args.add(field.getValue());
        }
        addField(args, SOURCE_STREAM, streamKeyText);
        addField(args, SOURCE_ID, delivery.id().toString());
        addField(args, GROUP, group);
        addField(args, CONSUMER, delivery.consumerName());
        // the read or claim that brought the entry here counted as a delivery, but it was never routed
        addField(args, DELIVERIES, String.valueOf(delivery.deliveryCount() - 1));
        if (lastError != null) {
            addField(args, ERROR, lastError);
        }
        client.eval(MOVE_SCRIPT, List.of(streamKey, deadLetterStream), args);
    }

    private static void addField(List<byte[]> args, String name, String value) {
        args.add(utf8(name));
        args.add(utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
