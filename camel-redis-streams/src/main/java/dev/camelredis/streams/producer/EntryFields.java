package dev.camelredis.streams.producer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConverter;

/**
 * The fields of the entry a message becomes: a Map body gives one field per key, any other body one field named
 * payloadField. Keys and values go through Camel's type converters to String; byte[] values stay binary.
 */
final class EntryFields {

    private final String payloadField;
    private final byte[] payloadFieldBytes;

    EntryFields(String payloadField) {
        this.payloadField = payloadField;
        this.payloadFieldBytes = payloadField.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws CamelExchangeException when the body cannot become an entry: null, an empty Map, a null key or value
     */
    Map<byte[], byte[]> of(Exchange exchange) throws CamelExchangeException, NoTypeConversionAvailableException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw invalid(exchange, "the body is null: send a Map of fields, or a payload for the field '" + payloadField + "'");
        }
        TypeConverter converter = exchange.getContext().getTypeConverter();
        if (body instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                throw invalid(exchange, "the body is an empty Map: an entry needs at least one field");
            }
            Map<byte[], byte[]> fields = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> field : map.entrySet()) {
                if (field.getKey() == null) {
                    throw invalid(exchange, "the body Map has a null key: every field needs a name");
                }
                String name = converter.mandatoryConvertTo(String.class, exchange, field.getKey());
                if (field.getValue() == null) {
                    throw invalid(exchange, "the field '" + name + "' has a null value: remove it or give it a value");
                }
                fields.put(name.getBytes(StandardCharsets.UTF_8), toBytes(field.getValue(), exchange, converter));
            }
            return fields;
        }
        Map<byte[], byte[]> fields = new LinkedHashMap<>(2);
        fields.put(payloadFieldBytes, toBytes(body, exchange, converter));
        return fields;
    }

    private static byte[] toBytes(Object value, Exchange exchange, TypeConverter converter)
            throws NoTypeConversionAvailableException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return converter.mandatoryConvertTo(String.class, exchange, value).getBytes(StandardCharsets.UTF_8);
    }

    private static CamelExchangeException invalid(Exchange exchange, String reason) {
        return new CamelExchangeException("Cannot add the message to the stream: " + reason, exchange);
    }
}
