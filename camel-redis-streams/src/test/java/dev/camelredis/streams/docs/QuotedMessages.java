package dev.camelredis.streams.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the messages that a document quotes, and the message texts that Java code can print, and tells whether the
 * code can print a quoted message. {@link DocsClaimsTest} describes the conventions.
 */
final class QuotedMessages {

    /** A message quoted by a document: its text and where it is. */
    record Quote(String text, String where) {
    }

    /**
     * What one statement of the code can print: its string literals in order, with holes for what is computed. A
     * literal's SLF4J {@code {}} and format {@code %s}/{@code %d} are holes too. Each element is a piece of fixed
     * text, {@link #HOLE} or {@link #OR}; {@code where} is the file and line of the statement.
     */
    record Template(List<String> parts, String where) {
    }

    static final String HOLE = "\u0000";
    /** Between the two branches of a ?: whose both branches are literals: a message prints one of them. */
    static final String OR = "\u0001";
    /** Tokens of a quote: a {@code <placeholder>}, and {@code ...}. */
    private static final Object NAMED = new Object();
    private static final Object ELISION = new Object();

    /** Words before a code span that make it a quoted message; the span may follow within a few words. */
    private static final Pattern CUE = Pattern.compile(
            "(?i)\\b(logs?|logged|warning|warnings|warns|message|messages|says|line|reports|fails?|start\\s+with"
                                                      + "|pauses\\s+with|throws|error)\\b[^`.;]{0,40}$");
    /** A code span that follows a quoted message with only "or", "and", "then" or a comma between them is one too. */
    private static final Pattern CHAINED = Pattern.compile("^\\s*,?\\s*(or|and|then)?\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    /** In prose, a message may also be quoted in double quotes. */
    private static final Pattern PROSE_QUOTE = Pattern.compile("`([^`]+)`|\"([^\"`]+)\"");
    /** Text the code computes, written as {@code <name>} (or {@code <any words>}), or elided with ... */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>]+>|\\s*(\\.\\.\\.|…)\\s*");
    private static final Pattern STRING_CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*;");
    private static final Pattern FORMAT_HOLE = Pattern.compile("\\{}|%[sd]");

    private QuotedMessages() {
    }

    /**
     * The messages a Markdown or AsciiDoc text quotes: every line of a {@code log} code block, the code spans of a
     * table column whose header says "message", and code spans right after a cue word such as "logs", "warning" or
     * "fails with". A code span counts only when it holds a space: option names and keys are not messages.
     */
    static List<Quote> find(String document, String name) {
        List<Quote> quotes = new ArrayList<>();
        String[] lines = document.split("\n", -1);
        boolean inLogBlock = false;
        boolean inOtherBlock = false;
        boolean adocLogNext = false;
        int messageColumn = -1;
        StringBuilder paragraph = new StringBuilder();
        int paragraphLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            String where = name + ":" + (i + 1);
            boolean fence = trimmed.startsWith("```") || trimmed.equals("----");
            if (fence) {
                if (inLogBlock || inOtherBlock) {
                    inLogBlock = false;
                    inOtherBlock = false;
                } else {
                    inLogBlock = trimmed.equals("```log") || trimmed.equals("----") && adocLogNext;
                    inOtherBlock = !inLogBlock;
                }
                adocLogNext = false;
                flush(paragraph, name, paragraphLine, quotes);
                continue;
            }
            adocLogNext = trimmed.equals("[source,log]");
            if (inLogBlock) {
                if (!trimmed.isEmpty()) {
                    quotes.add(new Quote(normalize(trimmed), where));
                }
                continue;
            }
            if (inOtherBlock) {
                continue;
            }
            if (trimmed.startsWith("|") && !trimmed.startsWith("|===")) {
                flush(paragraph, name, paragraphLine, quotes);
                List<String> cells = cells(trimmed);
                if (cells.stream().allMatch(cell -> cell.matches(":?-+:?"))) {
                    continue;
                }
                if (messageColumn < 0 && i + 1 < lines.length && lines[i + 1].strip().startsWith("| ---")) {
                    messageColumn = indexOfMessageColumn(cells);
                } else if (messageColumn >= 0 && messageColumn < cells.size()) {
                    for (Matcher span = CODE_SPAN.matcher(cells.get(messageColumn)); span.find(); ) {
                        if (span.group(1).contains(" ")) {
                            quotes.add(new Quote(normalize(span.group(1)), where));
                        }
                    }
                }
                continue;
            }
            messageColumn = -1;
            if (trimmed.isEmpty()) {
                flush(paragraph, name, paragraphLine, quotes);
                continue;
            }
            if (paragraph.isEmpty()) {
                paragraphLine = i + 1;
            }
            paragraph.append(line).append('\n');
        }
        flush(paragraph, name, paragraphLine, quotes);
        return quotes;
    }

    /** The quoted messages of one paragraph of prose: code spans, or text in double quotes, after a cue word. */
    private static void flush(StringBuilder paragraph, String name, int line, List<Quote> quotes) {
        String text = paragraph.toString();
        paragraph.setLength(0);
        int previousEnd = 0;
        boolean previousWasQuote = false;
        for (Matcher span = PROSE_QUOTE.matcher(text); span.find(); ) {
            String quoted = span.group(1) != null ? span.group(1) : span.group(2);
            String before = text.substring(previousEnd, span.start());
            // a few words in double quotes are usually a term ("by hand", "wait forever"), not a message
            boolean message = span.group(1) != null ? quoted.contains(" ") : quoted.split(" ").length >= 4;
            boolean quote = message
                    && (CUE.matcher(before).find() || previousWasQuote && CHAINED.matcher(before).matches());
            if (quote) {
                int lineOfSpan = line + (int) text.substring(0, span.start()).chars().filter(c -> c == '\n').count();
                quotes.add(new Quote(normalize(quoted), name + ":" + lineOfSpan));
            }
            previousWasQuote = quote;
            previousEnd = span.end();
        }
    }

    private static int indexOfMessageColumn(List<String> headerCells) {
        for (int i = 0; i < headerCells.size(); i++) {
            if (headerCells.get(i).toLowerCase().contains("message")) {
                return i;
            }
        }
        return -1;
    }

    /** The cells of a Markdown table row; an escaped \| stays in its cell. */
    static List<String> cells(String row) {
        String inner = row.strip().replaceAll("^\\|", "").replaceAll("(?<!\\\\)\\|$", "");
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.replace("\\|", "|").strip());
        }
        return cells;
    }

    /**
     * The String constants that Java sources declare with a literal ({@code static final String NAME = "text";}), by
     * name: a message that names one prints its text.
     */
    static Map<String, String> constants(List<String> sources) {
        Map<String, String> constants = new HashMap<>();
        for (String source : sources) {
            for (Matcher constant = STRING_CONSTANT.matcher(source); constant.find(); ) {
                StringBuilder value = new StringBuilder();
                readStringLiteral("\"" + constant.group(2) + "\"", 0, value);
                constants.put(constant.group(1), value.toString());
            }
        }
        return constants;
    }

    /**
     * The templates of a Java source: one per statement that holds a string literal. Literals joined by + make one
     * piece, and so does a String constant of {@code constants}; anything else between two literals (a variable, a
     * call, the other branch of a ?:) is a hole.
     */
    static List<Template> templates(String source, String name, Map<String, String> constants) {
        List<Template> templates = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        StringBuilder piece = null;
        boolean onlyPlusSincePiece = false;
        boolean onlyColonSincePiece = false;
        int line = 1;
        int statementLine = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i);
                i = i < 0 ? source.length() : i;
                continue;
            }
            if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end;
                continue;
            }
            if (c == '\'') {
                i = skipCharLiteral(source, i);
                onlyPlusSincePiece = false;
                continue;
            }
            String constant = null;
            if (Character.isJavaIdentifierStart(c) && (i == 0 || !Character.isJavaIdentifierPart(source.charAt(i - 1)))) {
                int end = i;
                while (end < source.length()
                       && (Character.isJavaIdentifierPart(source.charAt(end)) || source.charAt(end) == '.')) {
                    end++;
                }
                String identifier = source.substring(i, end);
                constant = constants.get(identifier.substring(identifier.lastIndexOf('.') + 1));
                if (constant == null) {
                    i = end;
                    onlyPlusSincePiece = false;
                    continue;
                }
                i = end;
            }
            if (c == '"' || constant != null) {
                StringBuilder literal = new StringBuilder();
                if (constant == null) {
                    i = readStringLiteral(source, i, literal);
                } else {
                    literal.append(constant);
                }
                if (parts.isEmpty() && piece == null) {
                    statementLine = line;
                }
                if (piece != null && onlyPlusSincePiece) {
                    piece.append(literal);
                } else {
                    if (piece != null) {
                        parts.add(piece.toString());
                        parts.add(onlyColonSincePiece ? OR : HOLE);
                    }
                    piece = literal;
                }
                onlyPlusSincePiece = true;
                onlyColonSincePiece = true;
                continue;
            }
            if (c == ';' || c == '{' || c == '}') {
                if (piece != null) {
                    parts.add(piece.toString());
                    templates.add(new Template(withFormatHoles(parts), name + ":" + statementLine));
                }
                parts = new ArrayList<>();
                piece = null;
            } else if (c != '+' && !Character.isWhitespace(c)) {
                onlyPlusSincePiece = false;
            }
            if (c != ':' && !Character.isWhitespace(c)) {
                onlyColonSincePiece = false;
            }
            i++;
        }
        return templates;
    }

    private static int skipCharLiteral(String source, int start) {
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != '\'') {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** Reads the literal that starts at {@code start} into {@code literal}; returns the index after it. */
    private static int readStringLiteral(String source, int start, StringBuilder literal) {
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != '"') {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                char escaped = source.charAt(i + 1);
                literal.append(switch (escaped) {
                    case 'n' -> ' ';
                    case 't' -> ' ';
                    default -> escaped;
                });
                i += 2;
            } else {
                literal.append(c);
                i++;
            }
        }
        return i + 1;
    }

    private static List<String> withFormatHoles(List<String> parts) {
        List<String> result = new ArrayList<>();
        for (String part : parts) {
            if (part.equals(HOLE) || part.equals(OR)) {
                result.add(part);
                continue;
            }
            String[] pieces = FORMAT_HOLE.split(part, -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    result.add(HOLE);
                }
                result.add(normalize(pieces[i]));
            }
        }
        return result;
    }

    /**
     * Whether the template can print a text of which the quote is a part. The quote's fixed text must be the
     * template's fixed text; a computed part of the template (a hole) may only be quoted as a {@code <placeholder>};
     * a {@code <placeholder>} stands for one hole or for fixed text, never for both (so that it cannot hide words of
     * the message); {@code ...} stands for anything.
     */
    static boolean canPrint(Template template, String quote) {
        List<Object> pattern = quotePattern(quote);
        for (List<String> variant : variants(template.parts())) {
            if (canPrint(pattern, tokens(variant))) {
                return true;
            }
        }
        return false;
    }

    /** The texts a statement can print, one per choice of branch of each ?: between literals. */
    private static List<List<String>> variants(List<String> parts) {
        List<List<String>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (int k = 0; k < parts.size(); k++) {
            if (parts.get(k).equals(OR) && k + 1 < parts.size()) {
                String other = parts.get(++k);
                List<List<String>> alternatives = new ArrayList<>();
                for (List<String> variant : variants) {
                    List<String> copy = new ArrayList<>(variant);
                    copy.set(copy.size() - 1, other);
                    alternatives.add(copy);
                }
                variants.addAll(alternatives);
            } else {
                for (List<String> variant : variants) {
                    variant.add(parts.get(k));
                }
            }
        }
        return variants;
    }

    private static boolean canPrint(List<Object> pattern, List<Object> text) {
        int n = pattern.size();
        int m = text.size();
        // matches[i][j]: the quote from token i matches a part of the text that starts at token j
        boolean[][] matches = new boolean[n + 1][m + 1];
        for (int j = 0; j <= m; j++) {
            matches[n][j] = true;
        }
        for (int i = n - 1; i >= 0; i--) {
            Object p = pattern.get(i);
            // fixedRun: the placeholder i stands for fixed text from j on, and the rest of the quote follows it
            boolean fixedRun = false;
            for (int j = m; j >= 0; j--) {
                boolean hole = j < m && text.get(j) == HOLE;
                if (p == ELISION) {
                    matches[i][j] = matches[i + 1][j] || j < m && matches[i][j + 1];
                } else if (p == NAMED) {
                    fixedRun = j < m && !hole && (matches[i + 1][j + 1] || fixedRun);
                    matches[i][j] = hole && matches[i + 1][j + 1] || fixedRun;
                } else {
                    matches[i][j] = j < m && p.equals(text.get(j)) && matches[i + 1][j + 1];
                }
            }
        }
        for (int j = 0; j <= m; j++) {
            if (matches[0][j]) {
                return true;
            }
        }
        return false;
    }

    /** The longest fixed text of a quote, which a template must hold in one piece to print it. */
    static String longestFixedPart(String quote) {
        String longest = "";
        for (String part : PLACEHOLDER.split(quote, -1)) {
            if (part.strip().length() > longest.length()) {
                longest = part.strip();
            }
        }
        return longest;
    }

    private static List<Object> quotePattern(String quote) {
        List<Object> tokens = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(quote);
        int at = 0;
        while (placeholder.find()) {
            addChars(quote.substring(at, placeholder.start()), tokens);
            tokens.add(placeholder.group().strip().startsWith("<") ? NAMED : ELISION);
            at = placeholder.end();
        }
        addChars(quote.substring(at), tokens);
        return tokens;
    }

    /**
     * The characters of the fixed parts and the holes, with a hole at each end: what a statement prints may start or
     * end with a computed part (a prefix, or the cause's message) that no literal shows.
     */
    private static List<Object> tokens(List<String> parts) {
        List<Object> tokens = new ArrayList<>();
        tokens.add(HOLE);
        for (String part : parts) {
            if (part.equals(HOLE)) {
                tokens.add(HOLE);
            } else {
                addChars(part, tokens);
            }
        }
        tokens.add(HOLE);
        return tokens;
    }

    private static void addChars(String text, List<Object> tokens) {
        text.chars().forEach(c -> tokens.add((char) c));
    }

    static String normalize(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
