package dev.camelredis.testservice;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the tests of a class a primary, a replica and three Sentinels of their own, a {@link LocalRedisSentinel},
 * and injects it into {@link LocalRedisSentinel} parameters. It is started before all tests of the class (and its
 * {@code @Nested} classes) and closed after them, so tests may kill the primary:
 *
 * <pre>{@code
 * @ExtendWith(RedisSentinelExtension.class)
 * class SentinelFailoverTest {
 *     @Test
 *     void survivesAFailover(LocalRedisSentinel sentinel) { ... }
 * }
 * }</pre>
 *
 * To reach the setup from static methods, or to give options, register it on a static field:
 * {@code @RegisterExtension static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension(options);}
 */
public class RedisSentinelExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final ClassScopedResource<LocalRedisSentinel> sentinel;

    /** A setup with {@link LocalRedisOptions#defaults()}. */
    public RedisSentinelExtension() {
        this(LocalRedisOptions.defaults());
    }

    /**
     * A setup whose primary and replica have these options; see {@link LocalRedisSentinel#start(LocalRedisOptions)}.
     */
    public RedisSentinelExtension(LocalRedisOptions options) {
        Objects.requireNonNull(options, "options");
        this.sentinel = new ClassScopedResource<>(() -> LocalRedisSentinel.start(options), LocalRedisSentinel::close);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sentinel.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sentinel.afterAll(context);
    }

    /** The setup, started if need be. */
    public LocalRedisSentinel sentinel() {
        return sentinel.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalRedisSentinel.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return sentinel();
    }
}
