package dev.camelredis.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profiler must point at the method that burns the CPU, or its reading of a benchmark row would be worthless.
 */
class ProfiledRunTest {

    private static volatile long sink;

    @Test
    void theMethodThatBurnsTheCpuIsTheHottestFrame(@TempDir Path directory) throws Exception {
        ProfiledRun profiler = new ProfiledRun(directory);

        ExecutionProfile profile = profiler.record("Burner, 1 thread", () -> burnFor(1500));

        assertTrue(Files.size(directory.resolve("burner-1-thread.jfr")) > 0, "no recording kept");
        assertTrue(profile.samples() >= 20, "too few samples: " + profile.samples());
        assertEquals(ProfiledRunTest.class.getName() + ".burn", profile.hotFrames().get(0).name(), profile.describe(5));
        assertEquals("benchmark harness", profile.ownerShares().get(0).name(), profile.describe(5));
        assertTrue(profile.describe(5).contains(ProfiledRunTest.class.getName() + ".burn"));
    }

    @Test
    void ownersAreToldApartByPackage() {
        assertEquals("camel-redis-streams", ExecutionProfile.owner("dev.camelredis.streams.consumer.StreamReader"));
        assertEquals("Camel", ExecutionProfile.owner("org.apache.camel.support.DefaultConsumer"));
        assertEquals("Jedis", ExecutionProfile.owner("redis.clients.jedis.Protocol"));
        assertEquals("JDK", ExecutionProfile.owner("java.util.HashMap"));
        assertEquals("other", ExecutionProfile.owner("io.lettuce.core.RedisClient"));
    }

    private static void burnFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            sink += burn(sink);
        }
    }

    private static long burn(long seed) {
        long value = seed;
        for (int i = 0; i < 100_000; i++) {
            value = value * 6364136223846793005L + 1442695040888963407L;
        }
        return value;
    }
}
