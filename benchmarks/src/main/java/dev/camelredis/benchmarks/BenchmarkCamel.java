package dev.camelredis.benchmarks;

import dev.camelredis.streams.RedisStreamsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Camel contexts as an application would set them up, with the redis-streams component pointed at the benchmark's
 * server. Every repetition gets its own context, so that no connection or thread of an earlier one is reused.
 */
final class BenchmarkCamel {

    private BenchmarkCamel() {
    }

    static CamelContext newContext(String redisUri) {
        CamelContext context = new DefaultCamelContext();
        RedisStreamsComponent component = new RedisStreamsComponent();
        // on the component rather than in each URI: a redis:// URI inside an endpoint URI would need RAW(...)
        component.getConfiguration().setRedisUri(redisUri);
        context.addComponent("redis-streams", component);
        return context;
    }
}
