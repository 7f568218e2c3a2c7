package dev.camelredis.streams.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN until the consumer has reached Redis, and while one of its loops keeps failing (Redis unreachable, the group
 * missing and not created, reads refused), with the stream, group, consumer names, last error and since when; UP again
 * by itself once they work. Exchanges given up after maxRenewalTime show as a detail (redis.streams.given.up) and leave
 * the state UP: the consumer goes on, and restarting it would not repair the route that lost them.
 */
public class RedisStreamsConsumerHealthCheck extends AbstractHealthCheck {

    static final String NOT_CONNECTED = "Not connected to Redis yet";

    private final RedisStreamsConsumer consumer;

    public RedisStreamsConsumerHealthCheck(RedisStreamsConsumer consumer, String routeId) {
        super("camel", "consumer:redis-streams-" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("redis.streams.stream", consumer.getStreamKey());
        builder.detail("redis.streams.group", consumer.getGroup());
        builder.detail("redis.streams.consumers", consumer.getConsumerNames());
        // a route that lost exchanges is a fault of the route, not of the consumer: reported, yet UP
        builder.detail("redis.streams.given.up", consumer.getGivenUp());
        Optional<LoopHealth.Failure> failure = consumer.health().oldestFailure();
        if (failure.isEmpty()) {
            if (consumer.getEndpoint().isConnected()) {
                builder.up();
            } else {
                builder.down();
                builder.message(NOT_CONNECTED);
            }
            return;
        }
        builder.down();
        builder.message(failure.get().lastError());
        builder.detail("redis.streams.failing", failure.get().loop());
        builder.detail("redis.streams.failing.since", Instant.ofEpochMilli(failure.get().sinceMillis()).toString());
        builder.detail("redis.streams.failing.loops", consumer.health().failingLoops());
    }
}
