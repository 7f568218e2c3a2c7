package dev.camelredis.streams;

import java.io.Serial;
import java.util.LinkedHashMap;

/**
 * The fields of a consumed entry, in stream order: the body of an entry without a payload field, and the header
 * CamelRedisStreamsFields. Values are Strings, or byte arrays when they are not valid UTF-8. A Map like any other, with
 * one addition: Camel converts it to a JSON object (String, byte[] or InputStream, see {@link StreamEntryConverters}),
 * so that {@code unmarshal().json(...)} and {@code convertBodyTo(String.class)} read it as JSON. Its own type keeps
 * those conversions away from the other Maps of an application.
 */
public class StreamEntryFields extends LinkedHashMap<String, Object> {

    @Serial
    private static final long serialVersionUID = 1L;
}
