package dev.camelredis.streams.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelredis.streams.DurationText;
import dev.camelredis.streams.RedisStreamsConfiguration;
import dev.camelredis.streams.RedisStreamsConstants;
import dev.camelredis.streams.RedisStreamsOperation;
import org.apache.camel.Message;
import redis.clients.jedis.StreamEntryID;

/**
 * The arguments of one operation, read from the headers of the message with the endpoint's options as defaults.
 * Every error names the header or option at fault, what it accepts and what to do, before anything is sent to Redis.
 */
public final class OperationArguments {

    private static final Pattern ENTRY_ID = Pattern.compile("(\\d+)(?:-(\\d+))?");

    private final RedisStreamsOperation operation;
    private final Message message;
    private final RedisStreamsConfiguration configuration;

    public OperationArguments(RedisStreamsOperation operation, Message message, RedisStreamsConfiguration configuration) {
        this.operation = operation;
        this.message = message;
        this.configuration = configuration;
    }

    /**
     * The operation the message asks for in the header CamelRedisStreamsOperation, or the configured one.
     *
     * @throws IllegalArgumentException when the header names no operation, listing the accepted ones
     */
    public static RedisStreamsOperation operationOf(Message message, RedisStreamsOperation configured) {
        Object value = message.getHeader(RedisStreamsConstants.OPERATION);
        if (value == null) {
            return configured;
        }
        if (value instanceof RedisStreamsOperation operation) {
            return operation;
        }
        try {
            return RedisStreamsOperation.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Header " + RedisStreamsConstants.OPERATION + " names the unknown operation '" + value
                                               + "': set it to one of " + RedisStreamsOperation.names()
                                               + ", or remove it to run the option operation (" + configured + ")");
        }
    }

    RedisStreamsOperation operation() {
        return operation;
    }

    /**
     * Whether the message carries the header.
     */
    boolean has(String header) {
        return message.getHeader(header) != null;
    }

    /**
     * The consumer group: the header CamelRedisStreamsGroup, else the option group.
     */
    String group() {
        return required(RedisStreamsConstants.GROUP, configuration.getGroup(), "group", "a consumer group", "billing");
    }

    /**
     * The group as far as it is known, for error messages; null when neither header nor option names one.
     */
    String groupOrNull() {
        String header = text(RedisStreamsConstants.GROUP);
        return header != null ? header : blankToNull(configuration.getGroup());
    }

    /**
     * The consumer: the header CamelRedisStreamsConsumerName, else the option consumerName.
     */
    String consumer() {
        return required(RedisStreamsConstants.CONSUMER_NAME, configuration.getConsumerName(), "consumerName",
                "a consumer name", "worker-1");
    }

    /**
     * The consumer named by the header only: a filter of one query, not an identity of the endpoint.
     */
    String consumerFilter() {
        return text(RedisStreamsConstants.CONSUMER_NAME);
    }

    /**
     * The header CamelRedisStreamsCount, or null when it is not set.
     */
    Integer count() {
        Object value = message.getHeader(RedisStreamsConstants.COUNT);
        if (value == null) {
            return null;
        }
        Long count = wholeNumber(value);
        if (count == null || count < 1 || count > Integer.MAX_VALUE) {
            throw invalid(RedisStreamsConstants.COUNT, value, "a whole number from 1 to " + Integer.MAX_VALUE,
                    "set it to the most entries to return, for example 100, or remove it");
        }
        return count.intValue();
    }

    /**
     * The low end of a range: the header CamelRedisStreamsStart, else - (the first entry).
     */
    String start() {
        String start = text(RedisStreamsConstants.START);
        return start != null ? start : "-";
    }

    /**
     * The high end of a range: the header CamelRedisStreamsEnd, else + (the last entry).
     */
    String end() {
        String end = text(RedisStreamsConstants.END);
        return end != null ? end : "+";
    }

    /**
     * The header CamelRedisStreamsMinIdleTime in milliseconds, 0 when it is not set.
     */
    long minIdleTime() {
        Object value = message.getHeader(RedisStreamsConstants.MIN_IDLE_TIME);
        if (value == null) {
            return 0;
        }
        Long millis;
        if (value instanceof Duration duration) {
            millis = duration.toMillis();
        } else if (value instanceof Number) {
            millis = wholeNumber(value);
        } else {
            millis = DurationText.toMillis(value.toString().trim());
        }
        if (millis == null || millis < 0) {
            throw invalid(RedisStreamsConstants.MIN_IDLE_TIME, value,
                    "milliseconds (0 or more), a Duration or a text such as 30s or 1m30s",
                    "set it to how long an entry must have been idle, or remove it for 0");
        }
        return millis;
    }

    /**
     * The IDs of the header CamelRedisStreamsIds, else the one of CamelRedisStreamsMessageId.
     */
    StreamEntryID[] ids() {
        String header = RedisStreamsConstants.IDS;
        Object value = message.getHeader(header);
        if (value == null) {
            header = RedisStreamsConstants.MESSAGE_ID;
            value = message.getHeader(header);
        }
        if (value == null) {
            throw new IllegalArgumentException(
                    operation + " needs entry IDs: set the header " + RedisStreamsConstants.IDS
                                               + " to a List of IDs such as 1700000000000-0, or the header "
                                               + RedisStreamsConstants.MESSAGE_ID + " to one ID");
        }
        List<StreamEntryID> ids = new ArrayList<>();
        for (Object element : elements(value)) {
            if (element == null) {
                throw invalid(header, value, "entry IDs without null elements", "remove the null elements");
            }
            // IDs never contain commas, so a comma-separated text from a property or expression is a list
            for (String part : element.toString().split(",")) {
                if (!part.isBlank()) {
                    ids.add(entryId(headerLabel(header), part.trim()));
                }
            }
        }
        if (ids.isEmpty()) {
            throw invalid(header, value, "at least one entry ID, such as 1700000000000-0", "add the IDs to act on");
        }
        return ids.toArray(StreamEntryID[]::new);
    }

    /**
     * The header CamelRedisStreamsMaxLen, or null when it is not set.
     */
    Long maxLen() {
        Object value = message.getHeader(RedisStreamsConstants.MAX_LEN);
        if (value == null) {
            return null;
        }
        Long maxLen = wholeNumber(value);
        if (maxLen == null || maxLen < 0) {
            throw invalid(RedisStreamsConstants.MAX_LEN, value, "a whole number, 0 or more",
                    "set it to how many entries to keep");
        }
        return maxLen;
    }

    /**
     * The header CamelRedisStreamsMinId, or null when it is not set.
     */
    String minId() {
        String minId = text(RedisStreamsConstants.MIN_ID);
        return minId == null ? null : entryId(headerLabel(RedisStreamsConstants.MIN_ID), minId).toString();
    }

    /**
     * Where XGROUP_CREATE starts the group: the header CamelRedisStreamsStartId, else the option startId.
     */
    StreamEntryID createStartId() {
        String header = text(RedisStreamsConstants.START_ID);
        return header != null ? groupId(headerLabel(RedisStreamsConstants.START_ID), header)
                : groupId("Option startId", configuration.getStartId());
    }

    /**
     * The new last delivered ID of XGROUP_SETID: required, since moving a group by a default would silently skip or
     * repeat entries.
     */
    StreamEntryID setId() {
        String header = text(RedisStreamsConstants.START_ID);
        if (header == null) {
            throw new IllegalArgumentException(
                    operation + " needs the group's new last delivered ID: set the header " + RedisStreamsConstants.START_ID
                                               + " to $ (skip all entries), 0 (deliver the whole stream again) or an entry ID");
        }
        return groupId(headerLabel(RedisStreamsConstants.START_ID), header);
    }

    /**
     * Whether XGROUP_CREATE creates a missing stream: the header CamelRedisStreamsMkStream, else the opposite of the
     * option noMkStream.
     */
    boolean mkStream() {
        Object value = message.getHeader(RedisStreamsConstants.MK_STREAM);
        if (value == null) {
            return !configuration.isNoMkStream();
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().trim();
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.parseBoolean(text);
        }
        throw invalid(RedisStreamsConstants.MK_STREAM, value, "true or false",
                "set it to true to create a missing stream, false to fail instead");
    }

    boolean force() {
        return configuration.isForce();
    }

    private String required(String header, String optionValue, String option, String what, String example) {
        String value = text(header);
        if (value == null) {
            value = blankToNull(optionValue);
        }
        if (value == null) {
            throw new IllegalArgumentException(
                    operation + " needs " + what + ": set the option " + option + " (for example ?" + option + "="
                                               + example + ") or the header " + header);
        }
        return value;
    }

    /**
     * @param source "Header ... of ..." or "Option ...": where the text came from, for the error
     */
    private StreamEntryID groupId(String source, String text) {
        if ("$".equals(text)) {
            return StreamEntryID.XGROUP_LAST_ENTRY;
        }
        return entryId(source, text);
    }

    private StreamEntryID entryId(String source, String text) {
        Matcher matcher = ENTRY_ID.matcher(text);
        if (matcher.matches()) {
            try {
                long sequence = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
                return new StreamEntryID(Long.parseLong(matcher.group(1)), sequence);
            } catch (NumberFormatException tooLarge) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException(
                source + " holds '" + text + "', which is not an entry ID: use milliseconds-sequence, such as"
                                           + " 1700000000000-0, or milliseconds alone");
    }

    private IllegalArgumentException invalid(String header, Object value, String expected, String todo) {
        return new IllegalArgumentException(
                headerLabel(header) + " must be " + expected + " but was '" + value + "' ("
                                            + value.getClass().getSimpleName() + "): " + todo);
    }

    private String headerLabel(String header) {
        return "Header " + header + " of " + operation;
    }

    /**
     * A whole number from an integral Number or its text; null for anything else.
     */
    private static Long wholeNumber(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Long.parseLong(text.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Collection<?> elements(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection;
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return List.of(value);
    }

    private String text(String header) {
        Object value = message.getHeader(header);
        return value == null ? null : blankToNull(value.toString());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
