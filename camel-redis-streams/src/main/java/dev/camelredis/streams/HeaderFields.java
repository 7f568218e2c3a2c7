package dev.camelredis.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Camel headers carried through the stream as entry fields (option propagateHeaders): each header the filter lets
 * through becomes the field {@value #PREFIX}name next to the body's fields, and a consumer with the option turns such
 * fields back into headers. Without the option nothing is written, and fields with the prefix are data like any other.
 */
public final class HeaderFields {

    /** Marks the fields that hold Camel headers, as a plain consumer (redis-cli) sees them. */
    public static final String PREFIX = "camel-header:";

    private static final HeaderFields OFF = new HeaderFields(null);
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.UTF_8);

    /** Null when headers are not propagated. */
    private final HeaderFilterStrategy filter;

    private HeaderFields(HeaderFilterStrategy filter) {
        this.filter = filter;
    }

    public static HeaderFields of(RedisStreamsConfiguration configuration) {
        if (!configuration.isPropagateHeaders()) {
            return OFF;
        }
        HeaderFilterStrategy filter = configuration.getHeaderFilterStrategy();
        return new HeaderFields(filter != null ? filter : new RedisStreamsHeaderFilterStrategy());
    }

    /**
     * Adds the message's headers to each entry of the message. Headers with a null value are left out: a field needs a
     * value.
     *
     * @throws CamelExchangeException when a body field has the prefix: it would come back as a header
     */
    public void addTo(List<Map<byte[], byte[]>> entries, Exchange exchange)
            throws CamelExchangeException, NoTypeConversionAvailableException {
        if (filter == null) {
            return;
        }
        for (Map<byte[], byte[]> entry : entries) {
            for (byte[] name : entry.keySet()) {
                if (hasPrefix(name)) {
                    throw new CamelExchangeException("Cannot add the message to the stream: the body has the field '"
                                                     + new String(name, StandardCharsets.UTF_8) + "', whose prefix "
                                                     + PREFIX + " marks Camel headers with propagateHeaders=true."
                                                     + " Rename the field, or set the value as a header instead", exchange);
                }
            }
        }
        Map<byte[], byte[]> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
            Object value = header.getValue();
            if (value != null && !filter.applyFilterToCamelHeaders(header.getKey(), value, exchange)) {
                headers.put((PREFIX + header.getKey()).getBytes(StandardCharsets.UTF_8), value instanceof byte[] bytes
                        ? bytes
                        : exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, value)
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
        entries.forEach(entry -> entry.putAll(headers));
    }

    /**
     * Takes the header fields out of an entry's fields.
     *
     * @return the headers they carry, by header name; empty when headers are not propagated
     */
    public Map<String, Object> takeFrom(Map<String, Object> fields) {
        if (filter == null) {
            return Map.of();
        }
        Map<String, Object> taken = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, Object>> it = fields.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Object> field = it.next();
            if (field.getKey().startsWith(PREFIX)) {
                it.remove();
                taken.put(field.getKey().substring(PREFIX.length()), field.getValue());
            }
        }
        return taken;
    }

    /**
     * Puts the headers {@link #takeFrom} took into a message's headers, as far as the filter lets them in. Call it
     * before the entry's own headers are put, so that those win.
     */
    public void putHeaders(Map<String, Object> taken, Map<String, Object> headers, Exchange exchange) {
        for (Map.Entry<String, Object> header : taken.entrySet()) {
            if (!filter.applyFilterToExternalHeaders(header.getKey(), header.getValue(), exchange)) {
                headers.put(header.getKey(), header.getValue());
            }
        }
    }

    private static boolean hasPrefix(byte[] name) {
        return name.length >= PREFIX_BYTES.length
               && Arrays.equals(name, 0, PREFIX_BYTES.length, PREFIX_BYTES, 0, PREFIX_BYTES.length);
    }
}
