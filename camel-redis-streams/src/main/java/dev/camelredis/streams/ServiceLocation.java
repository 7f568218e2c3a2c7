package dev.camelredis.streams;

import java.util.Map;
import java.util.stream.Collectors;

import dev.camelredis.streams.connection.RedisConnectionSettings;
import redis.clients.jedis.HostAndPort;

/**
 * Where an endpoint's Redis is, as Camel's tooling and observability show it (EndpointServiceLocation): addresses and
 * protocol only, never credentials.
 *
 * @param url      host:port of the server, or the cluster's seed nodes or the sentinels, comma-separated; null when
 *                 the endpoint uses a redisClient bean, whose address the component does not know
 * @param protocol redis, or rediss with TLS
 * @param metadata the database of a standalone server, or the master name of a sentinel setup
 */
record ServiceLocation(String url, String protocol, Map<String, String> metadata) {

    static final ServiceLocation UNKNOWN = new ServiceLocation(null, null, null);

    static ServiceLocation of(RedisConnectionSettings settings) {
        if (settings == null) {
            return UNKNOWN;
        }
        String protocol = settings.tls() ? "rediss" : "redis";
        return switch (settings.mode()) {
            case STANDALONE -> new ServiceLocation(address(new HostAndPort(settings.host(), settings.port())), protocol,
                    Map.of("database", String.valueOf(settings.database())));
            case CLUSTER -> new ServiceLocation(nodes(settings), protocol, Map.of());
            case SENTINEL -> new ServiceLocation(nodes(settings), protocol, Map.of("sentinelMaster", settings.masterName()));
        };
    }

    private static String nodes(RedisConnectionSettings settings) {
        return settings.nodes().stream().map(ServiceLocation::address).collect(Collectors.joining(","));
    }

    private static String address(HostAndPort node) {
        // an IPv6 literal needs its brackets once a port follows
        String host = node.getHost().indexOf(':') >= 0 ? "[" + node.getHost() + "]" : node.getHost();
        return host + ":" + node.getPort();
    }
}
