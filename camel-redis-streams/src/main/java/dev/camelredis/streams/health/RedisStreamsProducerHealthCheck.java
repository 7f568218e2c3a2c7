package dev.camelredis.streams.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.camelredis.streams.RedisStreamsEndpoint;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One per producer endpoint, so that endpoints of one stream key with other options keep checks of their own. DOWN
 * while the producer's last pipeline failed to reach Redis, with the stream, the error and since when; UP once a
 * pipeline went through again.
 */
public class RedisStreamsProducerHealthCheck extends AbstractHealthCheck {

    private final RedisStreamsEndpoint endpoint;
    private final LoopHealth health;

    public RedisStreamsProducerHealthCheck(RedisStreamsEndpoint endpoint, LoopHealth health) {
        super("camel", "producer:redis-streams-" + endpoint.getStreamKey() + "-" + endpoint.getId());
        this.endpoint = endpoint;
        this.health = health;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("redis.streams.stream", endpoint.getStreamKey());
        Optional<LoopHealth.Failure> failure = health.oldestFailure();
        if (failure.isEmpty()) {
            builder.up();
            return;
        }
        builder.down();
        builder.message(failure.get().lastError());
        builder.detail("redis.streams.failing.since", Instant.ofEpochMilli(failure.get().sinceMillis()).toString());
    }
}
