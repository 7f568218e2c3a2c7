package dev.camelredis.streams.producer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConverter;
import org.apache.camel.spi.TypeConverterRegistry;

/**
 * The fields of the entries a message becomes: a Map body gives one field per key, any other body one field named
 * payloadField, and a List body one entry per element. Keys and values go through Camel's type converters to String;
 * byte[] values stay binary. A value Camel could only write as Object.toString() (Order@1b2c3d) is refused: its data
 * would be lost.
 */
final class EntryFields {

    /** The element index of a value that is the body itself, not an element of a List body. */
    private static final int WHOLE_BODY = -1;

    private final String payloadField;
    private final byte[] payloadFieldBytes;
    /** Per value class: whether Camel has no converter to text for it and it keeps Object.toString(). */
    private final Map<Class<?>, Boolean> withoutText = new ConcurrentHashMap<>();

    EntryFields(String payloadField) {
        this.payloadField = payloadField;
        this.payloadFieldBytes = payloadField.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The entries the body becomes: one, or one per element of a List body.
     *
     * @throws CamelExchangeException when the body cannot become entries: null, an empty Map or List, a null key,
     *                                value or element, a value without a text form
     */
    List<Map<byte[], byte[]>> of(Exchange exchange) throws CamelExchangeException, NoTypeConversionAvailableException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw invalid(exchange, "the body is null: send a Map of fields, or a payload for the field '" + payloadField + "'");
        }
        TypeConverter converter = exchange.getContext().getTypeConverter();
        if (!(body instanceof List<?> list)) {
            return List.of(entry(body, exchange, converter, WHOLE_BODY));
        }
        if (list.isEmpty()) {
            throw invalid(exchange, "the body is an empty List: send at least one entry");
        }
        List<Map<byte[], byte[]>> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw invalid(exchange, "element " + i + " of the body List is null");
            }
            entries.add(entry(list.get(i), exchange, converter, i));
        }
        return entries;
    }

    /**
     * @param element the value's index in a List body, or {@link #WHOLE_BODY}: the errors say where the value is (built
     *                only on error, as a List body has many values)
     */
    private Map<byte[], byte[]> entry(Object value, Exchange exchange, TypeConverter converter, int element)
            throws CamelExchangeException, NoTypeConversionAvailableException {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                throw invalid(exchange, "the body is an empty Map" + where(element) + ": an entry needs at least one field");
            }
            Map<byte[], byte[]> fields = new OrderedFields(map.size());
            for (Map.Entry<?, ?> field : map.entrySet()) {
                if (field.getKey() == null) {
                    throw invalid(exchange, "the body Map" + where(element) + " has a null key: every field needs a name");
                }
                String name = field.getKey() instanceof String text ? text
                        : converter.mandatoryConvertTo(String.class, exchange, field.getKey());
                if (field.getValue() == null) {
                    throw invalid(exchange,
                            "the field '" + name + "'" + where(element) + " has a null value: remove it or give it a value");
                }
                fields.put(name.getBytes(StandardCharsets.UTF_8), toBytes(field.getValue(), exchange, converter, name, element));
            }
            return fields;
        }
        Map<byte[], byte[]> fields = new OrderedFields(1);
        fields.put(payloadFieldBytes, toBytes(value, exchange, converter, null, element));
        return fields;
    }

    /** After "the body Map": where the Map is. */
    private static String where(int element) {
        return element == WHOLE_BODY ? "" : " (element " + element + " of the body List)";
    }

    /**
     * @param field the name of the Map field the value is in, null for a value that is the body or an element
     */
    private byte[] toBytes(Object value, Exchange exchange, TypeConverter converter, String field, int element)
            throws CamelExchangeException, NoTypeConversionAvailableException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            // the common case, without a trip through the type converters
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (!(value instanceof CharSequence) && withoutText.computeIfAbsent(value.getClass(),
                type -> hasNoTextForm(type, exchange.getContext().getTypeConverterRegistry()))) {
            String what = field != null ? "the field '" + field + "'" + where(element)
                    : element == WHOLE_BODY ? "the body" : "element " + element + " of the body List";
            String type = value.getClass().getName();
            throw invalid(exchange, what + " is a " + type + ", which Camel can turn into text only with Object.toString()"
                                    + " and its data would be lost: marshal it first, for example with marshal().json(),"
                                    + " or send a Map of its fields");
        }
        return converter.mandatoryConvertTo(String.class, exchange, value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when neither the class nor any of its supertypes has a converter to String and the class keeps
     * Object.toString(): Camel's fallback would write its class name and hash code.
     */
    private static boolean hasNoTextForm(Class<?> type, TypeConverterRegistry registry) {
        try {
            if (type.getMethod("toString").getDeclaringClass() != Object.class) {
                return false;
            }
        } catch (NoSuchMethodException e) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (registry.lookup(String.class, c) != null || hasConverterOnInterfaces(c, registry)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasConverterOnInterfaces(Class<?> type, TypeConverterRegistry registry) {
        for (Class<?> contract : type.getInterfaces()) {
            if (registry.lookup(String.class, contract) != null || hasConverterOnInterfaces(contract, registry)) {
                return true;
            }
        }
        return false;
    }

    private static CamelExchangeException invalid(Exchange exchange, String reason) {
        return new CamelExchangeException("Cannot add the message to the stream: " + reason, exchange);
    }
}
