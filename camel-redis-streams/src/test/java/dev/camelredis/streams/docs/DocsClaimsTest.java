package dev.camelredis.streams.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.camelredis.streams.RedisStreamsConstants;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every message the user documentation quotes is one the code prints, and every option, default and header it names
 * is in the component model. The documents: {@code docs/*.md} (not the generated reference.md, which
 * {@link ReferenceDocsTest} keeps true), the README and the component page.
 * <p>
 * <b>What counts as a quoted message</b> (a code span counts only when it holds a space):
 * <ul>
 * <li>every line of a code block marked {@code log} (Markdown {@code ```log}, AsciiDoc {@code [source,log]});</li>
 * <li>every code span in a table column whose header says "message";</li>
 * <li>a code span, or in prose a text of four words or more in double quotes, right after a cue word ("logs", "warning", "message",
 * "says", "line", "reports", "fails", "start with", "pauses with", "throws", "error"; at most 40 characters between
 * them, no full stop), and one that follows such a quote with only "or", "and", "then" or a comma between them.</li>
 * </ul>
 * In a quoted message, what the code computes (a stream key, a count, the reply of Redis) is written as a
 * placeholder {@code <name>}, or elided with {@code ...}; everything else is the code's own text. A message matches
 * when one statement of the main code, its string literals in order with the computed parts between them, can print
 * it or a text of which it is a part; a placeholder may stand for any text, a computed part may only be quoted as a
 * placeholder.
 * <p>
 * <b>Options, defaults and headers</b>: the query parameters of {@code redis-streams:} URIs and code spans such as
 * {@code `maxDeliveries=5`} must name endpoint options (and valid enum values); {@code `name` (default x)},
 * {@code `name` (x by default)} and {@code `name=x` (the default)} must state the model's default; every
 * {@code CamelRedisStreams...} header and {@code RedisStreamsConstants.X} constant must exist. In a table with a
 * "camel-redis-streams" column (the comparison with other libraries), only that column is about this component.
 */
class DocsClaimsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Pattern URI_QUERY = Pattern.compile("redis-streams:[^\\s\"'`)?\\[]*\\?([^\\s\"'`)]+)");
    /** The rest of a URI that Java code concatenates: {@code + "&username=app&password=RAW(secret)")}. */
    private static final Pattern CONCATENATED_QUERY = Pattern.compile("^\\s*\\+\\s*\"([?&][^\"]+)\"");
    private static final Pattern OPTION_SETTING = Pattern.compile("`([a-z][a-zA-Z0-9]*)=([^`\\s]*)`");
    private static final Pattern DEFAULT_CLAIM = Pattern.compile(
            "`([a-z][a-zA-Z0-9]*)` \\((?:default:? `?([^`),;]+?)`?|`?([^`),;]+?)`? by default)[),;]"
            + "|`([a-z][a-zA-Z0-9]*)=([^`]+)` \\((?:the )?default\\)");
    /** Settings of other software that the docs name the way they name options: they are not ours to check. */
    private static final Set<String> OTHER_SOFTWARE_SETTINGS = Set.of(
            "autoAck", // Spring Integration's ReactiveRedisStreamMessageProducer
            "maxclients"); // redis.conf
    private static final Pattern HEADER = Pattern.compile("\\bCamelRedisStreams[A-Za-z]+");
    private static final Pattern CONSTANT = Pattern.compile("\\bRedisStreamsConstants\\.([A-Z_]+)");

    private static List<QuotedMessages.Template> templates;
    private static JsonObject model;

    @BeforeAll
    static void load() throws Exception {
        templates = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(MAIN_SOURCES)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        List<String> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(read(file));
        }
        Map<String, String> constants = QuotedMessages.constants(sources);
        for (int i = 0; i < files.size(); i++) {
            templates.addAll(QuotedMessages.templates(sources.get(i), MAIN_SOURCES.relativize(files.get(i)).toString(),
                    constants));
        }
        model = ReferenceDocs.loadModel();
    }

    @Test
    void everyQuotedMessageIsPrintedByTheCode() throws Exception {
        List<String> unprinted = new ArrayList<>();
        int quotes = 0;
        for (Document document : documents()) {
            for (QuotedMessages.Quote quote : QuotedMessages.find(document.text(), document.name())) {
                quotes++;
                if (!printed(quote.text(), templates)) {
                    unprinted.add(quote.where() + ": " + quote.text() + "\n    " + nearest(quote.text()));
                }
            }
        }
        assertTrue(quotes > 40, "the conventions found only " + quotes + " quoted messages: did the docs change form?");
        if (!unprinted.isEmpty()) {
            fail(unprinted.size() + " quoted message(s) that no statement of the main code prints (quote the code's"
                 + " text, write computed parts as <placeholder>):\n" + String.join("\n", unprinted));
        }
    }

    @Test
    void everyOptionHeaderAndDefaultNamedExists() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Document document : documents()) {
            wrong.addAll(optionProblems(document.text(), document.name()));
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " claim(s) about options or headers that the component model (" + ReferenceDocs.MODEL_RESOURCE
                 + ") contradicts:\n" + String.join("\n", wrong));
        }
    }

    // The checks themselves, on small texts: each must see the mistake it guards against.

    @Test
    void aPlantedWrongQuoteIsCaught() {
        String sample = """
                When Redis is down, the consumer logs `Cannot reach Redis for <endpoint>: <error>. Check that the server runs\
                 and that redisUri (or clusterNodes, sentinelNodes) names it`, and the message
                `Cannot reach Redis for <endpoint>: <error>. Check that the server runs and that redisUri names it; retrying with backoff`
                is what an older version printed.
                """;
        List<QuotedMessages.Template> code = QuotedMessages.templates("""
                message = "Cannot reach Redis for " + endpoint + ": " + reply + (tls ? ". The TLS handshake failed"
                        : ". Check that the server runs and that redisUri (or clusterNodes, sentinelNodes) names it");
                """, "Sample.java", Map.of());
        List<QuotedMessages.Quote> quotes = QuotedMessages.find(sample, "sample.md");

        assertEquals(2, quotes.size(), quotes.toString());
        assertTrue(printed(quotes.get(0).text(), code), quotes.get(0).text());
        assertFalse(printed(quotes.get(1).text(), code), quotes.get(1).text());
        assertEquals("sample.md:2", quotes.get(1).where());
    }

    @Test
    void computedTextMustBeQuotedAsAPlaceholder() {
        QuotedMessages.Template template = template(
                "message = \"Key '\" + streamKey + \"' of \" + endpoint + \" holds a value that is not a stream\";");

        assertTrue(QuotedMessages.canPrint(template, "Key '<streamKey>' of <endpoint> holds a value that is not a stream"));
        assertTrue(QuotedMessages.canPrint(template, "holds a value that is not a stream"), "a part of the message");
        assertTrue(QuotedMessages.canPrint(template, "Key '<streamKey>' of ... stream"), "... may elide fixed text");
        assertTrue(QuotedMessages.canPrint(template, "Key '<streamKey>' of <endpoint> holds ..."), "the space before ...");
        assertFalse(QuotedMessages.canPrint(template, "Key 'events:orders' of <endpoint> holds a value"),
                "an example value where the code computes one");
        assertFalse(QuotedMessages.canPrint(template, "Key '<streamKey>' of <endpoint> holds a value that is no stream"));
        assertFalse(QuotedMessages.canPrint(template, "Key '<streamKey>' of <endpoint> holds a value that is not a stream."),
                "a word or sign the code does not print");
    }

    @Test
    void literalsJoinedByPlusAreOnePieceAndFormatMarkersAreHoles() {
        QuotedMessages.Template template = template(
                "LOG.warn(\"Group {} of {} no longer exists: {} \" + \"acknowledgement(s) dropped\", group, name, n);");

        assertTrue(QuotedMessages.canPrint(template, "Group <group> of <endpoint> no longer exists: <n> acknowledgement(s) dropped"));
        assertFalse(QuotedMessages.canPrint(template, "Group {} of <endpoint> no longer exists"), "{} is not text");
        assertFalse(QuotedMessages.canPrint(template, "Group <group> no longer exists"),
                "a placeholder cannot hide the words between two computed parts");
        QuotedMessages.Template alternatives = template("m = x + (tls ? \". The TLS handshake failed\" : \". Check that\");");
        assertTrue(QuotedMessages.canPrint(alternatives, "<reply>. Check that"), "either branch of ?:");
        assertTrue(QuotedMessages.canPrint(alternatives, "<reply>. The TLS handshake failed"));
        QuotedMessages.Template withConstant = template("m = \"The header \" + RedisStreamsConstants.MESSAGE_ID + \" asked\";");
        assertTrue(QuotedMessages.canPrint(withConstant, "The header CamelRedisStreamsMessageId asked"), "a constant is text");
    }

    @Test
    void quotesAreFoundByConvention() {
        String sample = """
                ```log
                Consumer <name> started
                ```

                ```
                redis-cli XPENDING <streamKey> <group>
                ```

                | cause | message |
                | --- | --- |
                | a typo | `Option <name> is wrong` and `optionName` |

                Set `claimMinIdleTime=0` to stop claiming, and read `XINFO GROUPS <streamKey>`. The loop
                then logs a warning `Loop <name> failed` or `Loop <name> failed again`, and then `not a quote`.
                The exchange fails with "Loop <name> gave up"; the line says "by hand", which is not a message.
                """;

        List<String> texts = QuotedMessages.find(sample, "sample.md").stream().map(QuotedMessages.Quote::text).toList();

        assertEquals(List.of("Consumer <name> started", "Option <name> is wrong", "Loop <name> failed",
                "Loop <name> failed again", "Loop <name> gave up"), texts);
    }

    @Test
    void wrongOptionsDefaultsAndHeadersAreCaught() {
        String sample = """
                from("redis-streams:orders?group=g&maxDelivery=5&ackMode=LATER")
                Use `reconnectDelay` (100 ms by default), `claimInterval` (default 10 s), `renewInFlight` (default off),
                `blockTimeout=0` (the default), `startId=$` (the default) and the header `CamelRedisStreamsMessageID`
                or `RedisStreamsConstants.MESSAGE_ID` and `RedisStreamsConstants.ENTRY_ID`.
                """;

        List<String> problems = optionProblems(sample, "sample.md");

        assertEquals(7, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("maxDelivery"), problems.get(0));
        assertTrue(problems.get(1).contains("ackMode=LATER"), problems.get(1));
        assertTrue(problems.stream().anyMatch(p -> p.contains("claimInterval") && p.contains("5000")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("renewInFlight")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("blockTimeout")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("CamelRedisStreamsMessageID")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("ENTRY_ID")), problems.toString());
    }

    private static QuotedMessages.Template template(String statement) {
        List<QuotedMessages.Template> found = QuotedMessages.templates(statement, "Sample.java",
                Map.of("MESSAGE_ID", "CamelRedisStreamsMessageId"));
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    /** Where to look: the statements that hold the quote's longest fixed text. */
    private static String nearest(String quote) {
        String longest = QuotedMessages.longestFixedPart(quote);
        List<String> candidates = templates.stream()
                .filter(t -> t.parts().stream().anyMatch(part -> part.contains(longest)))
                .map(QuotedMessages.Template::where)
                .toList();
        return candidates.isEmpty() ? "no statement holds '" + longest + "'" : "compare with " + candidates;
    }

    private static boolean printed(String quote, List<QuotedMessages.Template> code) {
        String longest = QuotedMessages.longestFixedPart(quote);
        return code.stream()
                .filter(t -> t.parts().stream().anyMatch(part -> part.contains(longest)))
                .anyMatch(t -> QuotedMessages.canPrint(t, quote));
    }

    private static List<String> optionProblems(String text, String name) {
        List<String> problems = new ArrayList<>();
        JsonObject options = model.getJsonObject("properties");
        JsonObject componentOptions = model.getJsonObject("componentProperties");
        JsonObject headers = model.getJsonObject("headers");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = name + ":" + (i + 1);
            String line = ourColumns(lines, i);
            List<String> queries = new ArrayList<>();
            URI_QUERY.matcher(line).results().forEach(m -> queries.add(m.group(1)));
            Matcher concatenated = CONCATENATED_QUERY.matcher(line);
            if (concatenated.find()) {
                queries.add(concatenated.group(1).substring(1));
            }
            for (String query : queries) {
                for (String parameter : query.split("&")) {
                    String[] nameAndValue = parameter.split("=", 2);
                    problems.addAll(optionProblem(where, nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : null,
                            options));
                }
            }
            for (Matcher setting = OPTION_SETTING.matcher(line); setting.find(); ) {
                if (OTHER_SOFTWARE_SETTINGS.contains(setting.group(1))) {
                    continue;
                }
                JsonObject scope = options.containsKey(setting.group(1)) ? options : componentOptions;
                problems.addAll(optionProblem(where, setting.group(1), setting.group(2), scope));
            }
            for (Matcher claim = DEFAULT_CLAIM.matcher(line); claim.find(); ) {
                String option = claim.group(1) != null ? claim.group(1) : claim.group(4);
                String value = claim.group(2) != null ? claim.group(2) : claim.group(3) != null ? claim.group(3) : claim.group(5);
                if (OTHER_SOFTWARE_SETTINGS.contains(option)) {
                    continue;
                }
                problems.addAll(defaultProblem(where, option, value.strip(), options, componentOptions));
            }
            for (Matcher header = HEADER.matcher(line); header.find(); ) {
                if (!headers.containsKey(header.group())) {
                    problems.add(where + ": the header " + header.group() + " does not exist; the headers are "
                                 + headers.keySet());
                }
            }
            for (Matcher constant = CONSTANT.matcher(line); constant.find(); ) {
                if (!constantExists(constant.group(1))) {
                    problems.add(where + ": RedisStreamsConstants has no " + constant.group(1));
                }
            }
        }
        return problems;
    }

    /**
     * The line, or in a table that compares libraries (a column headed camel-redis-streams) only the cells of the
     * first column and of that one: the others are about other libraries' options.
     */
    private static String ourColumns(String[] lines, int index) {
        String line = lines[index];
        if (!line.strip().startsWith("|")) {
            return line;
        }
        int header = index;
        while (header > 0 && lines[header - 1].strip().startsWith("|")) {
            header--;
        }
        int ours = QuotedMessages.cells(lines[header]).indexOf("camel-redis-streams");
        if (ours < 0) {
            return line;
        }
        List<String> cells = QuotedMessages.cells(line);
        return cells.get(0) + " | " + (ours < cells.size() ? cells.get(ours) : "");
    }

    private static List<String> optionProblem(String where, String option, String value, JsonObject scope) {
        JsonObject metadata = scope.getJsonObject(option);
        if (metadata == null) {
            return List.of(where + ": " + option + " is not an option of redis-streams");
        }
        Object values = metadata.get("enum");
        if (values instanceof List<?> allowed && value != null && !value.isEmpty() && !value.startsWith("{{")
            && !allowed.contains(value)) {
            return List.of(where + ": " + option + "=" + value + " is not one of " + allowed);
        }
        return List.of();
    }

    private static List<String> defaultProblem(String where, String option, String claimed, JsonObject options,
            JsonObject componentOptions) {
        JsonObject metadata = options.containsKey(option) ? options.getJsonObject(option) : componentOptions.getJsonObject(option);
        if (metadata == null) {
            return List.of(where + ": " + option + " is not an option of redis-streams, yet the docs give its default");
        }
        if (metadata.get("defaultValue") == null && claimed.contains("streamKey")) {
            return List.of(); // derived from the stream key, such as <streamKey>:dlq: the model cannot say
        }
        String actual = String.valueOf(metadata.get("defaultValue"));
        if (!sameValue(claimed, actual, String.valueOf(metadata.get("type")))) {
            return List.of(where + ": the docs say " + option + " defaults to '" + claimed + "', the model says " + actual);
        }
        return List.of();
    }

    /** Compares a default as the docs write it ("5 s", "on", "`true`") with the model's ("5000", "true"). */
    static boolean sameValue(String claimed, String actual, String type) {
        String value = claimed.replace("`", "").strip().toLowerCase(Locale.ROOT);
        if (type.equals("boolean")) {
            value = switch (value) {
                case "on", "yes" -> "true";
                case "off", "no" -> "false";
                default -> value;
            };
        }
        if (type.equals("duration")) {
            Matcher duration = Pattern.compile("([0-9][0-9,_]*)\\s*(ms|s|seconds?|m|min|minutes?|h)?").matcher(value);
            if (duration.matches()) {
                long amount = Long.parseLong(duration.group(1).replaceAll("[,_]", ""));
                String unit = duration.group(2) == null ? "ms" : duration.group(2);
                long factor = switch (unit) {
                    case "s", "second", "seconds" -> 1_000;
                    case "m", "min", "minute", "minutes" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 1;
                };
                value = Long.toString(amount * factor);
            }
        }
        return value.replaceAll("[,_]", "").equals(actual.toLowerCase(Locale.ROOT));
    }

    private static boolean constantExists(String name) {
        try {
            RedisStreamsConstants.class.getField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    record Document(String name, String text) {
    }

    private static List<Document> documents() throws IOException {
        Set<Path> files = new TreeSet<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md") && !f.getFileName().toString().equals("reference.md"))
                    .forEach(files::add);
        }
        files.add(ROOT.resolve("README.md"));
        files.add(ROOT.resolve("camel-redis-streams/src/main/docs/redis-streams-component.adoc"));
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            documents.add(new Document(ROOT.relativize(file).toString(), read(file)));
        }
        return documents;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
