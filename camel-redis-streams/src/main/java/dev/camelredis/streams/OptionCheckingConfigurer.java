package dev.camelredis.streams;

import java.util.Arrays;
import java.util.Collections;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.GeneratedPropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;

/**
 * The generated configurer of the component or of its endpoints, checking values before Camel converts them, for
 * options set in an endpoint URI and on the component (camel.component.redis-streams.* in camel-main) alike:
 * duration texts, which Camel would read as 0 ms when mistyped, and enum values, which are accepted in any case and
 * refused with the list of accepted values.
 */
record OptionCheckingConfigurer(PropertyConfigurer configurer, PropertyConfigurerGetter getter)
        implements GeneratedPropertyConfigurer, PropertyConfigurerGetter {

    static PropertyConfigurer wrap(PropertyConfigurer generated) {
        return generated instanceof PropertyConfigurerGetter getter ? new OptionCheckingConfigurer(generated, getter) : generated;
    }

    @Override
    public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
        DurationText.requireDurations(Collections.singletonMap(name, value));
        Class<?> type = getter.getOptionType(name, true);
        Object checked = type != null && type.isEnum() && value instanceof String text ? enumConstant(name, type, text) : value;
        return configurer.configure(camelContext, target, name, checked, ignoreCase);
    }

    private static Object enumConstant(String option, Class<?> type, String text) {
        if (text.startsWith("#") || text.startsWith("{{")) {
            // a bean reference or a property placeholder: Camel resolves it
            return text;
        }
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("Option " + option + " must be one of "
                                           + Arrays.toString(type.getEnumConstants()) + " but was " + text);
    }

    @Override
    public Class<?> getOptionType(String name, boolean ignoreCase) {
        return getter.getOptionType(name, ignoreCase);
    }

    @Override
    public String[] getAutowiredNames() {
        return getter.getAutowiredNames();
    }

    @Override
    public Object getCollectionValueType(Object target, String name, boolean ignoreCase) {
        return getter.getCollectionValueType(target, name, ignoreCase);
    }

    @Override
    public Object getOptionValue(Object target, String name, boolean ignoreCase) {
        return getter.getOptionValue(target, name, ignoreCase);
    }
}
