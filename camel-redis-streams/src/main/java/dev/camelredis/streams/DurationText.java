package dev.camelredis.streams;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.spi.UriParam;

/**
 * Duration texts as Camel converts them (DurationConverter: ISO-8601 for texts starting with P, else TimeUtils), but
 * strict: TimeUtils reads any text it cannot parse, such as 2w, 2S or -5s, as 0 ms, which would silently turn
 * reclaiming or trimming off.
 */
public final class DurationText {

    private static final Pattern MILLIS = Pattern.compile("-?\\d+");
    // the unit form exactly as TimeUtils reads it: lower case, each unit at most once, in this order
    private static final Pattern UNITS = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = { 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L };

    /** The options of RedisStreamsConfiguration declared as java.time.Duration. */
    private static final Set<String> OPTIONS = Arrays.stream(RedisStreamsConfiguration.class.getDeclaredFields())
            .filter(field -> field.isAnnotationPresent(UriParam.class))
            .filter(field -> "java.time.Duration".equals(field.getAnnotation(UriParam.class).javaType()))
            .map(Field::getName)
            .collect(Collectors.toUnmodifiableSet());

    private DurationText() {
    }

    /**
     * The milliseconds of a text: plain milliseconds (5000), Camel's unit form (500ms, 30s, 1m30s, 2d) or ISO-8601
     * (PT5S); null when the text is none of these or does not fit a long.
     */
    public static Long toMillis(String text) {
        try {
            if (MILLIS.matcher(text).matches()) {
                return Long.parseLong(text);
            }
            if (text.startsWith("P") || text.startsWith("-P") || text.startsWith("p") || text.startsWith("-p")) {
                return Duration.parse(text).toMillis();
            }
            Matcher units = UNITS.matcher(text);
            if (text.isEmpty() || !units.matches()) {
                return null;
            }
            long millis = 0;
            for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
                String amount = units.group(unit + 1);
                if (amount != null) {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(amount), UNIT_MILLIS[unit]));
                }
            }
            return millis;
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Checks the text of every duration option among the parameters; values that are no text (a Duration, a number)
     * or a bean reference (#name) are left to Camel.
     *
     * @throws IllegalArgumentException naming the first option whose text is no duration
     */
    static void requireDurations(Map<String, Object> parameters) {
        parameters.forEach((name, value) -> {
            if (value instanceof String text && !text.startsWith("#") && isDurationOption(name) && toMillis(text) == null) {
                throw new IllegalArgumentException(invalid(name, text));
            }
        });
    }

    static boolean isDurationOption(String name) {
        return OPTIONS.stream().anyMatch(name::equalsIgnoreCase);
    }

    static String invalid(String option, String text) {
        return "Option " + option + " must be a duration such as 5000 (milliseconds), 5s, 1m30s or PT5S but was '"
               + text + "'";
    }
}
