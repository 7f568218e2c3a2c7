package dev.camelredis.streams.springboot;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * RedisStreamsComponentConfiguration and spring-configuration-metadata.json are rendered from the component model
 * (redis-streams.json), so that Spring Boot offers every component option. The test fails when a committed file
 * differs from what the model renders; with -Dstarter.update=true it writes the files instead:
 *
 * <pre>
 * mvn -pl camel-redis-streams-starter -am test -Dtest=StarterSourcesTest -Dsurefire.failIfNoSpecifiedTests=false -Dstarter.update=true
 * </pre>
 */
class StarterSourcesTest {

    @Test
    void committedFilesAreUpToDateWithTheComponentModel() throws Exception {
        JsonObject model = StarterSources.loadModel();
        for (Map.Entry<Path, String> file : StarterSources.render(model).entrySet()) {
            Path path = file.getKey().toAbsolutePath();
            if (Boolean.getBoolean("starter.update")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                continue;
            }
            if (!Files.exists(path)) {
                fail(path + " does not exist. Generate it with: " + StarterSources.REGENERATE_COMMAND);
            }
            String current = Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!current.equals(file.getValue())) {
                fail(path + " is out of date with " + StarterSources.MODEL_RESOURCE + " ("
                     + firstDifference(current, file.getValue()) + "). Do not edit it by hand: regenerate it with "
                     + StarterSources.REGENERATE_COMMAND);
            }
        }
    }

    @Test
    void metadataOnTheClasspathOffersEveryOptionWithItsDescriptionAndDefault() throws Exception {
        JsonObject metadata = null;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonObject candidate = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (candidate.getCollection("groups").toString().contains(StarterSources.PREFIX + ",")) {
                    metadata = candidate;
                }
            }
        }
        assertNotNull(metadata, "the starter's spring-configuration-metadata.json is not on the classpath");
        Map<String, JsonObject> properties = new HashMap<>();
        for (Object property : metadata.getCollection("properties")) {
            properties.put(((JsonObject) property).getString("name"), (JsonObject) property);
        }
        for (StarterSources.Option option : StarterSources.options(StarterSources.loadModel())) {
            String name = StarterSources.PREFIX + "." + option.propertyName();
            JsonObject property = properties.get(name);
            assertNotNull(property, name + " is missing from the metadata");
            assertFalse(property.getString("description").isBlank(), name + " has no description");
            assertEquals(option.defaultValue() != null, property.containsKey("defaultValue"), name + ": default value");
        }
        assertEquals("60s", properties.get(StarterSources.PREFIX + ".claim-min-idle-time").get("defaultValue"));
        assertEquals("java.time.Duration", properties.get(StarterSources.PREFIX + ".claim-min-idle-time").getString("type"));
    }

    @Test
    void propertyNamesAreKebabCase() {
        assertEquals("claim-min-idle-time", option("claimMinIdleTime", "duration", "long").propertyName());
        assertEquals("redis-uri", option("redisUri", "string", "java.lang.String").propertyName());
    }

    @Test
    void durationsAreSpringDurationsAndObjectsAreBeanReferences() {
        assertEquals("java.time.Duration", option("claimInterval", "duration", "long").springType());
        assertEquals("java.lang.String", option("sslContextParameters", "object",
                "org.apache.camel.support.jsse.SSLContextParameters").springType());
        assertEquals("java.lang.Long", option("maxLen", "integer", "long").springType());
        assertEquals("java.lang.Integer", option("shards", "integer", "int").springType());
        assertEquals("60s", StarterSources.Option.durationText(60_000));
        assertEquals("100ms", StarterSources.Option.durationText(100));
    }

    @Test
    void anUnknownModelTypeFailsTheRenderingNamingTheOption() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> option("headers", "array", "java.util.List<java.lang.String>").springType());
        assertEquals("Option headers has the type array (java.util.List<java.lang.String>), which StarterSources does"
                     + " not map to a Spring Boot property type: add it", e.getMessage());
    }

    private static StarterSources.Option option(String name, String type, String javaType) {
        return new StarterSources.Option(name, type, javaType, "", null, List.of(), false);
    }

    /** The first line that differs, so that the failure shows what changed without a diff tool. */
    private static String firstDifference(String current, String rendered) {
        List<String> file = current.lines().toList();
        List<String> model = rendered.lines().toList();
        int line = IntStream.range(0, Math.min(file.size(), model.size()))
                .filter(i -> !file.get(i).equals(model.get(i))).findFirst().orElse(Math.min(file.size(), model.size()));
        return "line " + (line + 1) + ": the file has '" + (line < file.size() ? file.get(line) : "(end)")
               + "', the model renders '" + (line < model.size() ? model.get(line) : "(end)") + "'";
    }
}
