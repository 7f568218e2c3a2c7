package dev.camelredis.testservice;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the tests of a class a Redis Cluster of their own, a {@link LocalRedisCluster}, and injects it into
 * {@link LocalRedisCluster} parameters. It is started before all tests of the class (and its {@code @Nested}
 * classes) and closed after them, so tests may kill and restart its nodes:
 *
 * <pre>{@code
 * @ExtendWith(RedisClusterExtension.class)
 * class FailoverTest {
 *     @Test
 *     void survivesAFailover(LocalRedisCluster cluster) { ... }
 * }
 * }</pre>
 *
 * To reach the cluster from static methods, or to give options, register it on a static field:
 * {@code @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension(options);}
 */
public class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final ClassScopedResource<LocalRedisCluster> cluster;

    /** A cluster with {@link LocalRedisOptions#defaults()}. */
    public RedisClusterExtension() {
        this(LocalRedisOptions.defaults());
    }

    /** A cluster whose nodes have these options; see {@link LocalRedisCluster#start(LocalRedisOptions)}. */
    public RedisClusterExtension(LocalRedisOptions options) {
        Objects.requireNonNull(options, "options");
        this.cluster = new ClassScopedResource<>(() -> LocalRedisCluster.start(options), LocalRedisCluster::close);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cluster.afterAll(context);
    }

    /** The cluster, started if need be. */
    public LocalRedisCluster cluster() {
        return cluster.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalRedisCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster();
    }
}
