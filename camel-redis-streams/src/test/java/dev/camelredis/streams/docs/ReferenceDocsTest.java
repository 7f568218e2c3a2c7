package dev.camelredis.streams.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/reference.md is rendered from the component model (redis-streams.json), so that the reference cannot drift from
 * the code. The test fails when the file differs from what the model renders; with -Ddocs.update=true it writes the
 * file instead:
 *
 * <pre>
 * mvn -pl camel-redis-streams test -Dtest=ReferenceDocsTest -Ddocs.update=true
 * </pre>
 */
class ReferenceDocsTest {

    /** Surefire runs in the module directory; the docs live at the root of the repository. */
    private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

    @Test
    void referenceIsUpToDateWithTheComponentModel() throws Exception {
        String rendered = ReferenceDocs.render(ReferenceDocs.loadModel());
        Path file = REFERENCE.toAbsolutePath().normalize();
        if (Boolean.getBoolean("docs.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail(file + " does not exist. Generate it with: " + ReferenceDocs.REGENERATE_COMMAND);
        }
        String current = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (!current.equals(rendered)) {
            fail(file + " is out of date with " + ReferenceDocs.MODEL_RESOURCE + " (" + firstDifference(current, rendered)
                 + "). Do not edit it by hand: regenerate it with " + ReferenceDocs.REGENERATE_COMMAND);
        }
    }

    @Test
    void referenceShowsEveryPartOfTheModel() throws Exception {
        JsonObject model = ReferenceDocs.loadModel();
        String rendered = ReferenceDocs.render(model);
        assertTrue(rendered.startsWith("<!-- Generated from redis-streams.json by ReferenceDocsTest"), rendered);
        assertTrue(rendered.contains("redis-streams:streamKey[?options]"), "URI format");
        for (String section : new String[] { "properties", "componentProperties", "headers" }) {
            for (String name : model.getJsonObject(section).keySet()) {
                assertTrue(rendered.contains("| `" + name + "` |"), section + " " + name + " is missing from the reference");
            }
        }
        assertTrue(rendered.contains("### Consumer (advanced)"), "options labelled consumer,advanced have their own table");
    }

    @Test
    void tableCellsAreEscaped() {
        assertEquals("a \\| b c", ReferenceDocs.cell("a | b\n   c"));
    }

    @Test
    void groupsFollowCamelLabels() {
        assertEquals("consumer (advanced)", ReferenceDocs.group(option("consumer,advanced")));
        assertEquals("producer", ReferenceDocs.group(option("producer")));
        assertEquals("advanced", ReferenceDocs.group(option("advanced")));
        assertEquals("security", ReferenceDocs.group(option("security")));
        assertEquals("common", ReferenceDocs.group(option("")));
        assertEquals("consumer and producer", ReferenceDocs.headerDirection(""));
        assertEquals("consumer", ReferenceDocs.headerDirection("consumer"));
        assertEquals("Map<String, Object>", ReferenceDocs.simpleTypeName("java.util.Map<String, Object>"));
    }

    private static JsonObject option(String label) {
        JsonObject option = new JsonObject();
        option.put("label", label);
        return option;
    }

    private static String firstDifference(String current, String rendered) {
        String[] a = current.split("\n", -1);
        String[] b = rendered.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "first difference at line " + (i + 1) + ": file has '" + a[i] + "', model renders '" + b[i] + "'";
            }
        }
        return "the file has " + a.length + " lines, the model renders " + b.length;
    }
}
