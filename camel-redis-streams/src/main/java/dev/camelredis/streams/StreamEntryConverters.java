package dev.camelredis.streams;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.apache.camel.Converter;

/**
 * Converts a consumed entry's fields to JSON text: one member per field, in stream order, every value a JSON string
 * (the stream stores text); a binary value (not valid UTF-8) becomes its Base64 text. The Camel package plugin
 * generates the loader that registers these converters.
 */
@Converter(generateLoader = true)
public final class StreamEntryConverters {

    private StreamEntryConverters() {
    }

    @Converter
    public static String toJson(StreamEntryFields fields) {
        StringBuilder json = new StringBuilder(fields.size() * 32).append('{');
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            Object value = field.getValue();
            appendString(json, field.getKey()).append(':');
            appendString(json, value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : String.valueOf(value));
        }
        return json.append('}').toString();
    }

    /**
     * A JSON string as RFC 8259 asks: quote, backslash and control characters escaped, everything else as it is.
     */
    private static StringBuilder appendString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    @Converter
    public static byte[] toBytes(StreamEntryFields fields) {
        return toJson(fields).getBytes(StandardCharsets.UTF_8);
    }

    @Converter
    public static InputStream toInputStream(StreamEntryFields fields) {
        return new ByteArrayInputStream(toBytes(fields));
    }
}
