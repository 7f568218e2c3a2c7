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

    /** Options of the dedicated server; null for the shared one. */
    private final LocalRedisOptions dedicatedOptions;
    private LocalRedisServer dedicatedServer;
    /** The context whose beforeAll came first: only its afterAll closes the dedicated server, not a nested one's. */
    private String ownerContextId;

    /** Uses the server shared by all tests of this JVM. */
    public RedisServerExtension() {
        this(null);
    }

    private RedisServerExtension(LocalRedisOptions dedicatedOptions) {
        this.dedicatedOptions = dedicatedOptions;
    }

    /** Uses a local redis-server process of the test class's own, which its tests may kill and restart. */
    public static RedisServerExtension dedicated(LocalRedisOptions options) {
        return new RedisServerExtension(Objects.requireNonNull(options, "options"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (dedicatedOptions == null) {
            // The root store closes its AutoCloseable values when the engine finishes.
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedRedisServer.class,
                    key -> (AutoCloseable) SharedRedisServer::release, AutoCloseable.class);
        } else {
            synchronized (this) {
                if (ownerContextId == null) {
                    ownerContextId = context.getUniqueId();
                }
            }
        }
        server();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(ownerContextId)) {
            ownerContextId = null;
            if (dedicatedServer != null) {
                dedicatedServer.close();
                dedicatedServer = null;
            }
        }
    }

    /**
     * The server, started if need be: {@code beforeAll} starts it, but a test instance created before that (with
     * {@code @TestInstance(PER_CLASS)}) may ask for it earlier.
     */
    public RedisTestServer server() {
        if (dedicatedOptions == null) {
            return SharedRedisServer.get();
        }
        synchronized (this) {
            if (dedicatedServer == null) {
                dedicatedServer = LocalRedisServer.start(dedicatedOptions);
            }
            return dedicatedServer;
        }
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
