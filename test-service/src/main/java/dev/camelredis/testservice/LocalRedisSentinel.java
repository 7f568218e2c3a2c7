package dev.camelredis.testservice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;

/**
 * A primary with one replica, watched by three Sentinels, all local redis-server processes. Kill the primary with
 * {@link #killPrimary()}: the Sentinels notice within about a second, agree that it is down, promote the replica
 * and tell their clients; {@link #awaitPrimary(Duration)} waits for that.
 *
 * <p>With {@link LocalRedisOptions#tls()} the primary, the replica and the Sentinels all listen on TLS only, with one
 * certificate that all of them share and trust, since they also connect to each other over TLS. The replica then
 * announces its TLS port, and so the Sentinels name TLS ports; clients trust the certificate through
 * {@link #tlsTrustStore()}.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedisSentinel.class);

    private static final String MASTER_NAME = "mymaster";
    /** The address all processes listen on and announce, and so the one Sentinels report to clients. */
    private static final String HOST = "127.0.0.1";
    private static final int SENTINELS = 3;
    private static final Duration STARTUP_STEP_TIMEOUT = Duration.ofSeconds(30);

    /** The primary as started, then its replica; the roles change with failovers. */
    private final List<LocalRedisServer> dataNodes;
    private final List<LocalRedisServer> sentinelNodes;

    private LocalRedisSentinel(List<LocalRedisServer> dataNodes, List<LocalRedisServer> sentinelNodes) {
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinelNodes = List.copyOf(sentinelNodes);
    }

    /**
     * Starts the primary, its replica and the Sentinels on free ports, and waits until the replica is in sync and
     * every Sentinel knows the primary, the replica and the other Sentinels.
     *
     * @param options applied to the primary and the replica, and their TLS to the Sentinels too; ACL users and TLS
     *                are supported
     */
    public static LocalRedisSentinel start(LocalRedisOptions options) {
        Objects.requireNonNull(options, "options");
        long startNanos = System.nanoTime();
        List<LocalRedisServer> started = new ArrayList<>();
        try {
            LocalRedisServer primary = LocalRedisServer.start(options);
            started.add(primary);
            LocalRedisServer replica = LocalRedisServer.start(
                    options.args("--replicaof", HOST, Integer.toString(primary.port())).sameTlsAs(primary));
            started.add(replica);
            // A Sentinel learns of replicas from the primary's INFO, which it asks for on connecting and then
            // every 10 s: a replica in sync before the Sentinels start is known to them at once.
            Await.until("the replica is in sync with the primary", STARTUP_STEP_TIMEOUT, () -> {
                try (Jedis jedis = replica.connect()) {
                    if (!"up".equals(Endpoint.infoField(jedis.info("replication"), "master_link_status"))) {
                        throw new Await.NotYet("replica " + replica.port() + " is not in sync yet");
                    }
                    return null;
                }
            });
            LocalRedisOptions sentinelOptions = LocalRedisOptions.defaults()
                    .sentinel(SentinelConfig.monitoring(MASTER_NAME, HOST, primary.port()))
                    .sameTlsAs(primary);
            List<LocalRedisServer> sentinels = new ArrayList<>();
            for (int i = 0; i < SENTINELS; i++) {
                LocalRedisServer sentinel = LocalRedisServer.start(sentinelOptions);
                started.add(sentinel);
                sentinels.add(sentinel);
            }
            LocalRedisSentinel setup = new LocalRedisSentinel(List.of(primary, replica), sentinels);
            setup.awaitDiscovery();
            LOG.info("Redis Sentinel ready in {} ms: Redis {}, master {} primary {}:{}, replica {}:{}, sentinels {}",
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), primary.version(), MASTER_NAME,
                    HOST, primary.port(), HOST, replica.port(), setup.sentinelNodes());
            return setup;
        } catch (RuntimeException e) {
            // Sentinels first, so that none of them starts a failover while the data nodes stop.
            Collections.reverse(started);
            LocalRedisServer.closeAll(started, e);
            throw e;
        }
    }

    /** The name the Sentinels know the primary by, which clients ask them for. */
    public String masterName() {
        return MASTER_NAME;
    }

    /** The Sentinels, as {@code 127.0.0.1:port}. */
    public Set<HostAndPort> sentinels() {
        return sentinelNodes.stream()
                .map(sentinel -> new HostAndPort(HOST, sentinel.port()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The Sentinels as {@code host:port,host:port,...}, or {@code rediss://host:port,...} with TLS, e.g. for a
     * component option.
     */
    public String sentinelNodes() {
        String scheme = tls() == null ? "" : "rediss://";
        return sentinelNodes.stream()
                .map(sentinel -> scheme + HOST + ":" + sentinel.port())
                .collect(Collectors.joining(","));
    }

    /** {@code redis_version} of the servers, e.g. {@code "7.0.15"}. */
    public String version() {
        return dataNodes.get(0).version();
    }

    /**
     * The primary as the first running Sentinel names it. Right after the primary was killed that is still the
     * killed one, until the Sentinels promote the replica.
     */
    public LocalRedisServer primary() {
        LocalRedisServer sentinel = sentinelNodes.stream()
                .filter(LocalRedisServer::isRunning)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Sentinel is running"));
        return namedPrimary(sentinel);
    }

    /** Kills the current primary with SIGKILL, as a crash would, and returns it. */
    public LocalRedisServer killPrimary() {
        LocalRedisServer primary = primary();
        primary.kill();
        return primary;
    }

    /**
     * Waits until every running Sentinel names the same primary, and that primary runs and says it is one. After
     * {@link #killPrimary()}, that is when the Sentinels have promoted the replica and announced it to clients.
     *
     * @return the primary
     * @throws IllegalStateException when that does not happen within {@code timeout}
     */
    public LocalRedisServer awaitPrimary(Duration timeout) {
        return Await.until("the Sentinels agree on a running primary", timeout, () -> {
            LocalRedisServer agreed = null;
            for (LocalRedisServer sentinel : sentinelNodes) {
                if (!sentinel.isRunning()) {
                    continue;
                }
                LocalRedisServer named = namedPrimary(sentinel);
                if (agreed != null && agreed != named) {
                    throw new Await.NotYet("Sentinels name both " + agreed.port() + " and " + named.port());
                }
                agreed = named;
            }
            if (agreed == null) {
                throw new Await.NotYet("no Sentinel is running");
            }
            if (!agreed.isRunning()) {
                throw new Await.NotYet("the Sentinels still name " + agreed.port() + ", which is not running");
            }
            try (Jedis jedis = agreed.connect()) {
                String role = Endpoint.infoField(jedis.info("replication"), "role");
                if (!"master".equals(role)) {
                    throw new Await.NotYet(agreed.port() + " is named primary but is still a " + role);
                }
            }
            return agreed;
        });
    }

    /**
     * A new client that asks the Sentinels for the primary and follows their announcements of a new one; the
     * caller closes it. Commands sent while a failover runs fail: retry them.
     */
    public RedisSentinelClient newClient() {
        return RedisSentinelClient.builder()
                .masterName(MASTER_NAME)
                .sentinels(sentinels())
                .clientConfig(Endpoint.clientConfig(tls()))
                // Jedis watches each Sentinel over a single connection.
                .sentinelClientConfig(Endpoint.connectionConfig(tls()))
                .build();
    }

    /**
     * PKCS12 truststore holding the certificate of the primary, the replica and the Sentinels, or {@code null} when
     * they do not use TLS.
     */
    public Path tlsTrustStore() {
        return tls() == null ? null : tls().trustStore();
    }

    /** Password of {@link #tlsTrustStore()}, or {@code null} when the servers do not use TLS. */
    public String tlsTrustStorePassword() {
        return tls() == null ? null : tls().trustStorePassword();
    }

    /**
     * Stops the Sentinels, then the data nodes, with SIGTERM, as an outage of the whole setup would; {@link #startAll()}
     * brings it back.
     */
    public void stopAll() {
        sentinelNodes.forEach(LocalRedisServer::stop);
        dataNodes.forEach(LocalRedisServer::stop);
    }

    /**
     * Starts the stopped data nodes, then the stopped Sentinels, with their data and configuration;
     * {@link #awaitPrimary(Duration)} tells when the Sentinels name a running primary again.
     */
    public void startAll() {
        dataNodes.stream().filter(server -> !server.isRunning()).forEach(LocalRedisServer::start);
        sentinelNodes.stream().filter(server -> !server.isRunning()).forEach(LocalRedisServer::start);
    }

    /** Stops the Sentinels, then the data nodes, and deletes their data. */
    @Override
    public void close() {
        // Sentinels first, so that none of them starts a failover while the data nodes stop.
        List<LocalRedisServer> all = new ArrayList<>(sentinelNodes);
        all.addAll(dataNodes);
        LocalRedisServer.closeAll(all, null);
    }

    @Override
    public String toString() {
        return "LocalRedisSentinel[" + MASTER_NAME + ", sentinels " + sentinelNodes() + "]";
    }

    /**
     * Waits until every Sentinel knows the replica and the two other Sentinels, which it learns from their hello
     * messages on the primary, sent every 2 s: a failover needs the votes of the others and a replica to promote.
     */
    private void awaitDiscovery() {
        Await.until("every Sentinel knows the primary, the replica and the other Sentinels", STARTUP_STEP_TIMEOUT,
                () -> {
                    for (LocalRedisServer sentinel : sentinelNodes) {
                        try (Jedis jedis = sentinel.connect()) {
                            Map<String, String> master = jedis.sentinelMaster(MASTER_NAME);
                            if (!"master".equals(master.get("flags"))
                                    || !"1".equals(master.get("num-slaves"))
                                    || !Integer.toString(SENTINELS - 1).equals(master.get("num-other-sentinels"))) {
                                throw new Await.NotYet("Sentinel " + sentinel.port() + " sees the primary with flags "
                                        + master.get("flags") + ", " + master.get("num-slaves") + " replicas and "
                                        + master.get("num-other-sentinels") + " other Sentinels");
                            }
                        }
                    }
                    return null;
                });
    }

    /** The certificate all servers share, or null without TLS. */
    private TlsMaterial tls() {
        return dataNodes.get(0).tlsMaterial();
    }

    private LocalRedisServer namedPrimary(LocalRedisServer sentinel) {
        List<String> address;
        try (Jedis jedis = sentinel.connect()) {
            address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
        }
        int port = Integer.parseInt(address.get(1));
        return dataNodes.stream()
                .filter(node -> node.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Sentinel " + sentinel.port() + " names " + address
                        + " as primary, which is none of " + this));
    }
}
