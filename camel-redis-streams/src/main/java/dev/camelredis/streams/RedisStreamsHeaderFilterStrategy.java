package dev.camelredis.streams;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * The headers that propagateHeaders carries by default: all but Camel's own (names that start with Camel, camel or
 * org.apache.camel.), in both directions. Those describe one exchange in one JVM (the entry ID, the delivery count,
 * HTTP details) and would be wrong on the other side of the stream.
 */
public class RedisStreamsHeaderFilterStrategy extends DefaultHeaderFilterStrategy {

    public RedisStreamsHeaderFilterStrategy() {
        setOutFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
        setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    }
}
