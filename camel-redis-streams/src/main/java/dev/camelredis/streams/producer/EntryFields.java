package dev.camelredis.streams.producer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConverter;

/**
 * The fields of the entries a message becomes: a Map body gives one field per key, any other body one field named
 * payloadField, and a List body one entry per element. Keys and values go through Camel's type converters to String; byte[] values stay binary.
 */
final class EntryFields {

    private final String payloadField;
    private final byte[] payloadFieldBytes;

    EntryFields(String payloadField) {
        this.payloadField = payloadField;
        this.payloadFieldBytes = payloadField.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The entries the body becomes: one, or one per element of a List body.
     *
     * @throws CamelExchangeException when the body cannot become entries: null, an empty Map or List, a null key,
     *                                value or element
     */
    List<Map<byte[], byte[]>> of(Exchange exchange) throws CamelExchangeException, NoTypeConversionAvailableException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw invalid(exchange, "the body is null: send a Map of fields, or a payload for the field '" + payloadField + "'");
        }
        TypeConverter converter = exchange.getContext().getTypeConverter();
        if (!(body instanceof List<?> list)) {
            return List.of(entry(body, exchange, converter, ""));
        }
        if (list.isEmpty()) {
            throw invalid(exchange, "the body is an empty List: send at least one entry");
        }
        List<Map<byte[], byte[]>> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw invalid(exchange, "element " + i + " of the body List is null");
            }
            entries.add(entry(list.get(i), exchange, converter, " (element " + i + " of the body List)"));
        }
        return entries;
    }

    private Map<byte[], byte[]> entry(Object value, Exchange exchange, TypeConverter converter, String where)
            throws CamelExchangeException, NoTypeConversionAvailableException {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                throw invalid(exchange, "the body is an empty Map" + where + ": an entry needs at least one field");
            }
            Map<byte[], byte[]> fields = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> field : map.entrySet()) {
                if (field.getKey() == null) {
                    throw invalid(exchange, "the body Map" + where + " has a null key: every field needs a name");
                }
                String name = converter.mandatoryConvertTo(String.class, exchange, field.getKey());
                if (field.getValue() == null) {
                    throw invalid(exchange, "the field '" + name + "'" + where + " has a null value: remove it or give it a value");
                }
                fields.put(name.getBytes(StandardCharsets.UTF_8), toBytes(field.getValue(), exchange, converter));
            }
            return fields;
        }
        Map<byte[], byte[]> fields = new LinkedHashMap<>(2);
        fields.put(payloadFieldBytes, toBytes(value, exchange, converter));
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
