package dev.camelredis.streams.consumer.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.camelredis.streams.HeaderFields;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.StreamEntryFields;
import org.apache.camel.Message;

/**
 * Puts an entry into a Camel message: the payload field (or the map of all fields) as body, the entry's metadata as
 * headers. Values that are valid UTF-8 become Strings, anything else stays byte[], so binary payloads round-trip.
 */
public final class DeliveryMapper {

    private final String streamKey;
    private final String group;
    private final byte[] payloadFieldBytes;
    private final HeaderFields headerFields;

    public DeliveryMapper(String streamKey, String group, String payloadField, HeaderFields headerFields) {
        this.streamKey = streamKey;
        this.group = group;
        this.payloadFieldBytes = payloadField.getBytes(StandardCharsets.UTF_8);
        this.headerFields = headerFields;
    }

    public void map(Delivery delivery, Message message) {
        Map<String, Object> fields = new StreamEntryFields();
        Object payload = null;
        List<byte[]> flat = delivery.fields();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] name = flat.get(i);
            Object value = decode(flat.get(i + 1));
            fields.put(new String(name, StandardCharsets.UTF_8), value);
            if (payload == null && Arrays.equals(payloadFieldBytes, name)) {
                payload = value;
            }
        }
        headerFields.moveToHeaders(fields, message);
        message.setBody(payload != null ? payload : fields);
        message.setHeader(RedisStreamsConstants.STREAM_KEY, streamKey);
        message.setHeader(RedisStreamsConstants.MESSAGE_ID, delivery.id().toString());
        message.setHeader(RedisStreamsConstants.GROUP, group);
        message.setHeader(RedisStreamsConstants.CONSUMER_NAME, delivery.consumerName());
        message.setHeader(RedisStreamsConstants.TIMESTAMP, delivery.id().getTime());
        message.setHeader(RedisStreamsConstants.FIELDS, fields);
        message.setHeader(RedisStreamsConstants.DELIVERY_COUNT, delivery.deliveryCount());
        message.setHeader(RedisStreamsConstants.REDELIVERED, delivery.deliveryCount() > 1);
    }

    private static Object decode(byte[] value) {
        if (isAscii(value)) {
            return new String(value, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }

    private static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
