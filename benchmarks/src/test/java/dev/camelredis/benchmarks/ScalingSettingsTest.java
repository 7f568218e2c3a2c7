package dev.camelredis.benchmarks;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingSettingsTest {

    @Test
    void defaultsToOneTwoAndFourShardsAndFiveRepetitions() {
        ScalingSettings settings = ScalingSettings.from(properties("bench.scalingCounts", " "));

        assertEquals(List.of(1, 2, 4), settings.counts());
        assertEquals(200_000, settings.entries());
        assertEquals(5, settings.repetitions());
    }

    @Test
    void countsThatAreNotWholeNumbersAreRefusedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScalingSettings.from(properties("bench.scalingCounts", "1,two")));

        assertTrue(e.getMessage().contains("bench.scalingCounts") && e.getMessage().contains("1,two")
                   && e.getMessage().contains("e.g. 1,2,4"), e.getMessage());
    }

    @Test
    void aCountOfZeroIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScalingSettings.from(properties("bench.scalingCounts", "0,2")));

        assertTrue(e.getMessage().contains("greater than 0"), e.getMessage());
    }

    @Test
    void fewerEntriesThanShardsAreRefused() {
        Properties properties = properties("bench.scalingCounts", "1,8");
        properties.setProperty("bench.entries", "4");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScalingSettings.from(properties));

        assertTrue(e.getMessage().contains("bench.entries") && e.getMessage().contains("every shard"), e.getMessage());
    }

    @Test
    void anUnknownSuiteIsRefusedNamingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkMain.runSuite(properties("bench.suite", "cluster"), new PrintStream(OutputStream.nullOutputStream())));

        assertTrue(e.getMessage().contains("bench.suite") && e.getMessage().contains("scaling")
                   && e.getMessage().contains("cluster"), e.getMessage());
    }

    private static Properties properties(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }
}
