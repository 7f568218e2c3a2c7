package dev.camelredis.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamListener;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.Subscription;

/**
 * The peer most Java users would reach for: Spring Data Redis' StreamMessageListenerContainer on a Lettuce connection
 * factory, batch size 100, with the usual at-least-once listener that acknowledges each entry itself. Timed like the
 * component: from the container's start until every entry was handed to the listener and none is pending.
 */
final class SpringDataRedisConsume implements Scenario {

    private final BenchmarkRedis redis;
    private final StreamFixture streams;

    SpringDataRedisConsume(BenchmarkRedis redis, StreamFixture streams) {
        this.redis = redis;
        this.streams = streams;
    }

    @Override
    public String name() {
        return "Spring Data Redis StreamMessageListenerContainer (Lettuce), ack per entry";
    }

    @Override
    public Subject subject() {
        return Subject.PEER_LIBRARY;
    }

    @Override
    public Section section() {
        return Section.CONSUME;
    }

    @Override
    public Timed run(String streamKey, int entries) throws Exception {
        streams.createGroup(streamKey);
        LettuceConnectionFactory factory = connectionFactory(redis.uri());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options
                    = StreamMessageListenerContainerOptions.builder()
                            .batchSize(JedisConsumeLoop.BATCH)
                            .pollTimeout(Duration.ofSeconds(1)) // the component's default blockTimeout
                            .errorHandler(errors::add)
                            .build();
            StreamMessageListenerContainer<String, MapRecord<String, String, String>> container
                    = StreamMessageListenerContainer.create(factory, options);
            DeliveryCounter delivered = new DeliveryCounter(entries);
            StreamListener<String, MapRecord<String, String, String>> listener = message -> {
                StreamFixture.readTwoFields(message.getValue());
                template.opsForStream().acknowledge(StreamFixture.GROUP, message);
                delivered.increment();
            };
            Subscription subscription = container.receive(Consumer.from(StreamFixture.GROUP, "spring-1"),
                    StreamOffset.create(streamKey, ReadOffset.lastConsumed()), listener);
            try {
                Timed.Start start = Timed.start();
                container.start();
                delivered.awaitAll(name());
                streams.awaitAllAcked(streamKey, 30_000);
                Timed timed = Timed.since(start, delivered.count());
                if (!errors.isEmpty()) {
                    throw new IllegalStateException("The listener container reported errors", errors.get(0));
                }
                return timed;
            } finally {
                container.stop();
                awaitInactive(subscription);
            }
        } finally {
            factory.destroy();
        }
    }

    /**
     * stop() only asks the polling task to end; closing the connection factory under a poll still running would make
     * Lettuce log errors, so wait for it (at most one pollTimeout).
     */
    private static void awaitInactive(Subscription subscription) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (subscription.isActive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private static LettuceConnectionFactory connectionFactory(String uri) {
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (uri.startsWith("rediss:")) {
            client.useSsl();
        }
        LettuceConnectionFactory factory
                = new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
