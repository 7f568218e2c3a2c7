package dev.camelredis.streams.micrometer;

import dev.camelredis.streams.consumer.RedisStreamsConsumer;

/**
 * A consumer's meters in the application's Micrometer registry, while the consumer runs. Micrometer is optional: this
 * class names none of its types, and loads the class that does only when Micrometer is on the classpath, so that the
 * component runs without it.
 */
public final class ConsumerMeters {

    private static final ConsumerMeters NONE = new ConsumerMeters(() -> {
    });
    private static final boolean MICROMETER_PRESENT = isPresent("io.micrometer.core.instrument.MeterRegistry");

    private final Runnable removal;

    private ConsumerMeters(Runnable removal) {
        this.removal = removal;
    }

    /**
     * Registers the consumer's gauges and counters when the Camel registry holds a MeterRegistry; else does nothing.
     */
    public static ConsumerMeters register(RedisStreamsConsumer consumer) {
        if (!MICROMETER_PRESENT) {
            return NONE;
        }
        Runnable removal = MicrometerConsumerMeters.register(consumer);
        return removal == null ? NONE : new ConsumerMeters(removal);
    }

    /**
     * Takes the meters out of the registry: a stopped consumer reports nothing, and a restarted one registers anew.
     */
    public void remove() {
        removal.run();
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ConsumerMeters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
