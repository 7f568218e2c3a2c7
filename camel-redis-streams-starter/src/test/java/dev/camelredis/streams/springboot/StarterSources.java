package dev.camelredis.streams.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Renders the two files of the starter that follow the component's options, from the component model that the Camel
 * package plugin generates (redis-streams.json): the {@code @ConfigurationProperties} class and Spring Boot's
 * configuration metadata. {@link StarterSourcesTest} fails when the committed files differ from what the model
 * renders, so that an option added to the component cannot be missing from Spring Boot.
 */
final class StarterSources {

    static final String MODEL_RESOURCE = "META-INF/dev/camelredis/streams/redis-streams.json";
    static final String REGENERATE_COMMAND
            = "mvn -pl camel-redis-streams-starter -am test -Dtest=StarterSourcesTest -Dsurefire.failIfNoSpecifiedTests=false"
              + " -Dstarter.update=true";

    static final String PREFIX = "camel.component.redis-streams";
    static final String CLASS_NAME = "RedisStreamsComponentConfiguration";
    static final String PACKAGE = "dev.camelredis.streams.springboot";
    /** Surefire runs in the module directory. */
    static final Path CONFIGURATION_SOURCE = Path.of("src", "main", "java", "dev", "camelredis", "streams", "springboot",
            CLASS_NAME + ".java");
    static final Path METADATA = Path.of("src", "main", "resources", "META-INF", "spring-configuration-metadata.json");

    private static final int LINE_WIDTH = 120;

    private StarterSources() {
    }

    static JsonObject loadModel() throws IOException {
        try (InputStream in = StarterSources.class.getClassLoader().getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MODEL_RESOURCE + " is not on the classpath: it comes with the camel-redis-streams jar");
            }
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (DeserializationException e) {
            throw new IllegalStateException(MODEL_RESOURCE + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The component options in the order of the model (Camel's index). */
    static List<Option> options(JsonObject model) {
        List<Option> options = new ArrayList<>();
        model.getJsonObject("componentProperties").forEach((name, value) -> options.add(Option.of(name, (JsonObject) value)));
        return options;
    }

    /**
     * One component option as Spring Boot binds it. Durations are {@link java.time.Duration}s (Spring reads 30s, 500ms,
     * PT1M or plain milliseconds; Camel converts them to the option's milliseconds); options that take an object are
     * bean references (#name), which Camel resolves in the Spring registry.
     */
    record Option(String name, String modelType, String modelJavaType, String description, Object defaultValue,
            List<String> enumValues, boolean deprecated) {

        static Option of(String name, JsonObject json) {
            JsonArray values = json.getCollection("enum");
            return new Option(name, json.getString("type"), json.getString("javaType"), json.getString("description"),
                    json.get("defaultValue"), values == null ? List.of() : values.stream().map(Object::toString).toList(),
                    Boolean.TRUE.equals(json.getBoolean("deprecated")));
        }

        String propertyName() {
            return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        }

        boolean beanReference() {
            return "object".equals(modelType);
        }

        /** The type of the field in the configuration class, fully qualified. */
        String springType() {
            return switch (modelType) {
                case "string", "object" -> "java.lang.String";
                case "boolean" -> "java.lang.Boolean";
                case "integer" -> "long".equals(modelJavaType) || "java.lang.Long".equals(modelJavaType)
                        ? "java.lang.Long" : "java.lang.Integer";
                case "duration" -> "java.time.Duration";
                case "enum" -> modelJavaType;
                default -> throw new IllegalStateException(
                        "Option " + name + " has the type " + modelType + " (" + modelJavaType + "), which StarterSources"
                                                           + " does not map to a Spring Boot property type: add it");
            };
        }

        String javadoc() {
            String text = description == null ? "" : description.trim();
            if (beanReference()) {
                text += " A reference to a bean of the type " + modelJavaType + " in the registry: #name.";
            }
            return text;
        }

        /** The default as Spring Boot's metadata writes it; null when the option has none. */
        Object metadataDefault() {
            if (defaultValue == null) {
                return null;
            }
            String text = defaultValue.toString();
            return switch (modelType) {
                case "boolean" -> Boolean.valueOf(text);
                case "integer" -> new BigDecimal(text);
                case "duration" -> durationText(Long.parseLong(text));
                default -> text;
            };
        }

        static String durationText(long millis) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        }
    }

    static String renderConfiguration(JsonObject model) {
        List<Option> options = options(model);
        TreeSet<String> imports = new TreeSet<>(List.of(
                "org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon",
                "org.springframework.boot.context.properties.ConfigurationProperties"));
        for (Option option : options) {
            String type = option.springType();
            if (!type.startsWith("java.lang.")) {
                imports.add(type);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n");
        // the project's import order: java.* first, then the others
        for (boolean jdk : new boolean[] { true, false }) {
            imports.stream().filter(type -> type.startsWith("java.") == jdk)
                    .forEach(type -> out.append("import ").append(type).append(";\n"));
            out.append('\n');
        }
        appendJavadoc(out, "", model.getJsonObject("component").getString("description")
                               + "\n\nThe options of the redis-streams component, bound from " + PREFIX + ".*; unknown"
                               + " properties under this prefix fail the start. Only the properties that are set are"
                               + " copied to the component, so that its own defaults apply to the others."
                               + "\n\nGenerated from redis-streams.json by StarterSourcesTest: do not edit. Regenerate"
                               + " with " + REGENERATE_COMMAND);
        out.append("@ConfigurationProperties(prefix = \"").append(PREFIX).append("\", ignoreUnknownFields = false)\n");
        out.append("public class ").append(CLASS_NAME).append(" extends ComponentConfigurationPropertiesCommon {\n");
        for (Option option : options) {
            out.append('\n');
            appendJavadoc(out, "    ", option.javadoc());
            if (option.deprecated()) {
                out.append("    @Deprecated\n");
            }
            out.append("    private ").append(simpleName(option.springType())).append(' ').append(option.name()).append(";\n");
        }
        for (Option option : options) {
            String type = simpleName(option.springType());
            String capitalized = Character.toUpperCase(option.name().charAt(0)) + option.name().substring(1);
            out.append("\n    public ").append(type).append(" get").append(capitalized).append("() {\n")
                    .append("        return ").append(option.name()).append(";\n    }\n");
            out.append("\n    public void set").append(capitalized).append('(').append(type).append(' ')
                    .append(option.name()).append(") {\n")
                    .append("        this.").append(option.name()).append(" = ").append(option.name()).append(";\n    }\n");
        }
        out.append("}\n");
        return out.toString();
    }

    /**
     * Spring Boot's configuration metadata (what IDEs complete), with the component's descriptions and defaults, and
     * the accepted values of enum options as hints.
     */
    static String renderMetadata(JsonObject model) {
        String sourceType = PACKAGE + "." + CLASS_NAME;
        JsonArray groups = new JsonArray();
        groups.add(entry("name", PREFIX, "type", sourceType, "sourceType", sourceType));
        JsonArray properties = new JsonArray();
        properties.add(entry("name", PREFIX + ".enabled", "type", "java.lang.Boolean",
                "description", "Whether to configure the redis-streams component from these properties.",
                "sourceType", sourceType, "defaultValue", true));
        properties.add(entry("name", PREFIX + ".customizer.enabled", "type", "java.lang.Boolean",
                "description", "Whether the component customizers (ComponentCustomizer beans) apply to the redis-streams"
                               + " component.",
                "sourceType", sourceType, "defaultValue", true));
        JsonArray hints = new JsonArray();
        for (Option option : options(model)) {
            JsonObject property = entry("name", PREFIX + "." + option.propertyName(), "type", option.springType(),
                    "description", option.javadoc(), "sourceType", sourceType);
            if (option.metadataDefault() != null) {
                property.put("defaultValue", option.metadataDefault());
            }
            if (option.deprecated()) {
                property.put("deprecated", true);
            }
            properties.add(property);
            if (!option.enumValues().isEmpty()) {
                JsonArray values = new JsonArray();
                option.enumValues().forEach(value -> values.add(entry("value", value)));
                hints.add(entry("name", PREFIX + "." + option.propertyName(), "values", values));
            }
        }
        JsonObject metadata = entry("groups", groups, "properties", properties, "hints", hints);
        return Jsoner.prettyPrint(Jsoner.serialize(metadata), 2) + "\n";
    }

    private static JsonObject entry(Object... keysAndValues) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static void appendJavadoc(StringBuilder out, String indent, String text) {
        out.append(indent).append("/**\n");
        String[] paragraphs = text.replace("*/", "*&#47;").split("\n\n");
        for (int p = 0; p < paragraphs.length; p++) {
            if (p > 0) {
                out.append(indent).append(" * <p>\n");
            }
            StringBuilder line = new StringBuilder();
            for (String word : paragraphs[p].split("\\s+")) {
                if (!line.isEmpty() && indent.length() + 3 + line.length() + 1 + word.length() > LINE_WIDTH) {
                    out.append(indent).append(" * ").append(line).append('\n');
                    line.setLength(0);
                }
                if (!line.isEmpty()) {
                    line.append(' ');
                }
                line.append(word);
            }
            out.append(indent).append(" * ").append(line).append('\n');
        }
        out.append(indent).append(" */\n");
    }

    static Map<Path, String> render(JsonObject model) {
        return Map.of(CONFIGURATION_SOURCE, renderConfiguration(model), METADATA, renderMetadata(model));
    }
}
