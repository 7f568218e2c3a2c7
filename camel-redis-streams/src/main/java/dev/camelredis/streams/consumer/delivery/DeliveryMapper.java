package dev.camelredis.streams.consumer.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.HeaderFields;
import dev.camelredis.streams.StreamEntryFields;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;

/**
 * Turns an entry into a Camel message: the payload field (or the map of all fields) as body, the entry's metadata as
 * headers. Values that are valid UTF-8 become Strings, anything else stays byte[], so binary payloads round-trip.
 */
public final class DeliveryMapper {

    /** Entries with more fields than this do not have their names remembered. */
    private static final int MAX_REMEMBERED_NAMES = 64;

    private final CamelContext context;
    private final String streamKey;
    private final String group;
    private final byte[] payloadFieldBytes;
    private final HeaderFields headerFields;
    /**
     * The field names of the last entry that had new ones: the entries of a stream mostly have the same fields, so
     * their names are decoded once and the Strings (with their hash codes) are shared. Replaced, never changed, so
     * that readers on several threads can share it.
     */
    private volatile FieldNames lastNames = new FieldNames(new byte[0][], new String[0]);

    public DeliveryMapper(CamelContext context, String streamKey, String group, String payloadField,
                          HeaderFields headerFields) {
        this.context = context;
        this.streamKey = streamKey;
        this.group = group;
        this.payloadFieldBytes = payloadField.getBytes(StandardCharsets.UTF_8);
        this.headerFields = headerFields;
    }

    /**
     * The entry's message, not yet part of an exchange: it can be made on another thread than the one that routes it
     * (a reader's read-ahead).
     */
    public Message toMessage(Delivery delivery) {
        StreamEntryFields fields = new StreamEntryFields();
        Object payload = null;
        List<byte[]> flat = delivery.fields();
        FieldNames names = lastNames;
        boolean newNames = false;
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] name = flat.get(i);
            String known = names.at(i / 2, name);
            newNames |= known == null;
            Object value = decode(flat.get(i + 1));
            fields.put(known != null ? known : new String(name, StandardCharsets.UTF_8), value);
            if (payload == null && Arrays.equals(payloadFieldBytes, name)) {
                payload = value;
            }
        }
        if (newNames && flat.size() <= MAX_REMEMBERED_NAMES * 2) {
            lastNames = FieldNames.of(flat);
        }
        Map<String, Object> carriedHeaders = headerFields.takeFrom(fields);
        Message message = new StreamEntryMessage(context, delivery, fields, carriedHeaders, this);
        message.setBody(payload != null ? payload : fields);
        return message;
    }

    String streamKey() {
        return streamKey;
    }

    String group() {
        return group;
    }

    HeaderFields headerFields() {
        return headerFields;
    }

    private static Object decode(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        // the lenient decoder turns malformed input into U+FFFD: only then is the strict one needed to tell
        return text.indexOf('\uFFFD') < 0 ? text : decodeStrictly(value, text);
    }

    private static Object decodeStrictly(byte[] value, String lenient) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return lenient;
        } catch (CharacterCodingException e) {
            return value;
        }
    }

    /** Field names as Redis sent them and as Strings, by position in the entry. */
    private record FieldNames(byte[][] bytes, String[] strings) {

        static FieldNames of(List<byte[]> flat) {
            int count = flat.size() / 2;
            byte[][] bytes = new byte[count][];
            String[] strings = new String[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = flat.get(i * 2);
                strings[i] = new String(bytes[i], StandardCharsets.UTF_8);
            }
            return new FieldNames(bytes, strings);
        }

        /** The String of the name at this position when it is the one remembered there, else null. */
        String at(int position, byte[] name) {
            return position < bytes.length && Arrays.equals(bytes[position], name) ? strings[position] : null;
        }
    }
}
