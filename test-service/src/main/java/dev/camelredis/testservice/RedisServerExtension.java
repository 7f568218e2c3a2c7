package dev.camelredis.testservice;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Redis and injects it into {@link RedisTestServer} parameters.
 *
 * <p>{@code @ExtendWith(RedisServerExtension.class)} uses the server shared by the whole JVM (see
 * {@link SharedRedisServer} for how it is chosen), released when the test engine finishes. Tests that kill or
 * restart Redis need a server of their own:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().appendOnly());
 * }</pre>
 *
 * A dedicated server is started before all tests of the class (and its {@code @Nested} classes) and closed after
 * them, so register it on a static field.
 */
public class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            RedisServerExtension.class);

    /** The dedicated server; null for the shared one. */
    private final ClassScopedResource<LocalRedisServer> dedicated;

    /** Uses the server shared by all tests of this JVM. */
    public RedisServerExtension() {
        this.dedicated = null;
    }

    private RedisServerExtension(LocalRedisOptions dedicatedOptions) {
        this.dedicated = new ClassScopedResource<>(() -> LocalRedisServer.start(dedicatedOptions),
                LocalRedisServer::close);
    }

    /** Uses a local redis-server process of the test class's own, which its tests may kill and restart. */
    public static RedisServerExtension dedicated(LocalRedisOptions options) {
        return new RedisServerExtension(Objects.requireNonNull(options, "options"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (dedicated == null) {
            // The root store closes its AutoCloseable values when the engine finishes.
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedRedisServer.class,
                    key -> (AutoCloseable) SharedRedisServer::release, AutoCloseable.class);
            SharedRedisServer.get();
        } else {
            dedicated.beforeAll(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dedicated != null) {
            dedicated.afterAll(context);
        }
    }

    /** The shared or the dedicated server, started if need be. */
    public RedisTestServer server() {
        return dedicated == null ? SharedRedisServer.get() : dedicated.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}
