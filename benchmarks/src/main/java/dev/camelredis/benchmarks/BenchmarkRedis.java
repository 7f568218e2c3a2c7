package dev.camelredis.benchmarks;

import java.net.URI;

import dev.camelredis.testservice.EnvironmentRedis;
import redis.clients.jedis.RedisClient;

/**
 * The one Redis server of a run (the one REDIS_URL names, else a redis-server process started for the run, without
 * persistence so that disk speed does not enter the figures), with what the report says about it.
 */
final class BenchmarkRedis implements AutoCloseable {

    private final EnvironmentRedis server;
    private final RedisClient client;
    private final String version;
    private final long localPid;

    private BenchmarkRedis(EnvironmentRedis server) {
        this.server = server;
        this.client = RedisClient.create(URI.create(server.uri()));
        String info = client.info("server");
        this.version = infoField(info, "redis_version");
        this.localPid = server.startedHere() ? Long.parseLong(infoField(info, "process_id")) : -1;
    }

    static BenchmarkRedis fromEnvironment() {
        EnvironmentRedis server = EnvironmentRedis.fromEnvironment();
        try {
            return new BenchmarkRedis(server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static String infoField(String info, String field) {
        return info.lines()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1).strip())
                .findFirst()
                .orElse("unknown");
    }

    String uri() {
        return server.uri();
    }

    /** A shared pooled client for setup and checks; scenarios open their own clients for what they measure. */
    RedisClient client() {
        return client;
    }

    /** A new client of the kind a hand-written Jedis application would use; the caller closes it. */
    RedisClient newClient() {
        return RedisClient.create(URI.create(server.uri()));
    }

    String version() {
        return version;
    }

    /** The process ID of the server this run started; negative for a server named by REDIS_URL. */
    long localPid() {
        return localPid;
    }

    String description() {
        return server.toString();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
