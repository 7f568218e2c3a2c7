package dev.camelredis.streams.connection;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * The clients a component created, one per distinct connection settings, shared by the endpoints that use them and
 * closed when the last of those endpoints releases it.
 */
public final class SharedRedisClients {

    private final CamelContext camelContext;
    private final Map<RedisConnectionSettings, Shared> clients = new HashMap<>();

    public SharedRedisClients(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /**
     * A connection for the given settings; every call must be matched by one {@link RedisConnection#close()}.
     */
    public synchronized RedisConnection acquire(RedisConnectionSettings settings) {
        Shared shared = clients.computeIfAbsent(settings, s -> new Shared(RedisClientFactory.create(s, camelContext)));
        shared.users++;
        return new RedisConnection(shared.client, settings.toString(), () -> release(settings));
    }

    private synchronized void release(RedisConnectionSettings settings) {
        Shared shared = clients.get(settings);
        if (shared != null && --shared.users == 0) {
            clients.remove(settings);
            shared.client.close();
        }
    }

    /**
     * A user's own client: used as it is and never closed by the component.
     */
    public static RedisConnection userOwned(UnifiedJedis client) {
        return new RedisConnection(client, "the redisClient bean " + client.getClass().getSimpleName(), () -> {
        });
    }

    /**
     * How many distinct clients are open.
     */
    public synchronized int size() {
        return clients.size();
    }

    private static final class Shared {
        private final UnifiedJedis client;
        private int users;

        private Shared(UnifiedJedis client) {
            this.client = client;
        }
    }
}
