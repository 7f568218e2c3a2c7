package dev.camelredis.testservice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of six local redis-server processes: three primaries, each with one replica, serving the slots
 * 0-5460, 5461-10922 and 10923-16383. Every node appends each write to its AOF and fsyncs it before replying.
 *
 * <p>Tests may kill any node with {@link LocalRedisServer#kill()}: the other nodes count a killed primary as failed
 * after the node timeout of 2 s and its replica takes over, a few seconds after the kill in all;
 * {@link #awaitHealthy(Duration)} waits for that. Meanwhile commands on the killed primary's slots fail, and for
 * about a second between the failure verdict and the promotion, commands on all slots fail with CLUSTERDOWN: the
 * cluster requires every slot covered. A node restarted with {@link LocalRedisServer#start()} rejoins with the id
 * and ports it had; a former primary comes back as a replica of its successor.
 *
 * <p>With {@link LocalRedisOptions#tls()} every node listens on TLS only, with one certificate that all of them
 * share and trust, since they also talk to each other over TLS: the cluster bus and the replication links. The nodes
 * then announce their TLS port, in {@code CLUSTER SLOTS} and {@code CLUSTER NODES} too; clients trust the
 * certificate through {@link #tlsTrustStore()}.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedisCluster.class);

    /** The address the nodes listen on, announce to each other, and so report to clients. */
    private static final String HOST = "127.0.0.1";
    private static final int SHARDS = 3;
    /**
     * How long a node may not answer before the others count it as failed. Short, so that a failover takes a few
     * seconds; not shorter, so that a node slowed down by a busy machine is not taken for failed.
     */
    private static final long NODE_TIMEOUT_MILLIS = 2_000;
    private static final Duration FORMATION_STEP_TIMEOUT = Duration.ofSeconds(30);

    /** The primaries as started, then their replicas in the same order; the roles change with failovers. */
    private final List<LocalRedisServer> servers;

    private LocalRedisCluster(List<LocalRedisServer> servers) {
        this.servers = List.copyOf(servers);
    }

    /**
     * Starts six nodes on free ports, forms them into a cluster and waits until it is ok and every replica is in
     * sync with its primary.
     *
     * @param options applied to every node, with {@link LocalRedisOptions#appendOnly()} added; ACL users and TLS
     *                are supported
     */
    public static LocalRedisCluster start(LocalRedisOptions options) {
        Objects.requireNonNull(options, "options");
        LocalRedisOptions nodeOptions = options.appendOnly()
                .clusterEnabled()
                .args("--cluster-node-timeout", Long.toString(NODE_TIMEOUT_MILLIS));
        long startNanos = System.nanoTime();
        List<LocalRedisServer> servers = new ArrayList<>();
        try {
            LocalRedisServer first = LocalRedisServer.start(nodeOptions);
            servers.add(first);
            LocalRedisOptions otherOptions = nodeOptions.sameTlsAs(first);
            for (int i = 1; i < 2 * SHARDS; i++) {
                servers.add(LocalRedisServer.start(otherOptions));
            }
            ClusterFormation.form(HOST, servers.subList(0, SHARDS), servers.subList(SHARDS, 2 * SHARDS),
                    FORMATION_STEP_TIMEOUT);
        } catch (RuntimeException e) {
            LocalRedisServer.closeAll(servers, e);
            throw e;
        }
        LocalRedisCluster cluster = new LocalRedisCluster(servers);
        LOG.info("Redis Cluster ready in {} ms: Redis {}, primaries {}, replicas {}",
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), cluster.version(),
                cluster.addresses(servers.subList(0, SHARDS)), cluster.addresses(servers.subList(SHARDS, 2 * SHARDS)));
        return cluster;
    }

    /** All six nodes, killed ones included, as {@code 127.0.0.1:port}: the address the cluster reports. */
    public List<HostAndPort> nodes() {
        return servers.stream().map(server -> new HostAndPort(HOST, server.port())).toList();
    }

    /**
     * All six nodes as {@code host:port,host:port,...}, or {@code rediss://host:port,...} with TLS, e.g. for a
     * component option listing seed nodes.
     */
    public String clusterNodes() {
        return addresses(servers);
    }

    /** {@code redis_version} of the nodes, e.g. {@code "7.0.15"}. */
    public String version() {
        return servers.get(0).version();
    }

    /**
     * A new cluster client seeded with all nodes; the caller closes it. It finds a promoted replica itself, by
     * reloading the slot map when a node fails or answers MOVED.
     */
    public RedisClusterClient newClient() {
        return RedisClusterClient.builder()
                .nodes(new HashSet<>(nodes()))
                .clientConfig(Endpoint.clientConfig(tls()))
                .build();
    }

    /** PKCS12 truststore holding the certificate of all nodes, or {@code null} when they do not use TLS. */
    public Path tlsTrustStore() {
        return tls() == null ? null : tls().trustStore();
    }

    /** Password of {@link #tlsTrustStore()}, or {@code null} when the nodes do not use TLS. */
    public String tlsTrustStorePassword() {
        return tls() == null ? null : tls().trustStorePassword();
    }

    /**
     * The node that serves {@code key}'s slot as primary now, by the cluster's own rule: of the running nodes'
     * claims on the slot, the one with the highest config epoch wins. Right after a primary was killed that is
     * still the killed one, until the cluster promotes its replica.
     */
    public LocalRedisServer primaryFor(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        ClusterNodeEntry claim = running().stream()
                .flatMap(node -> view(node).stream())
                .filter(entry -> entry.isPrimary() && entry.servesSlot(slot))
                .max(Comparator.comparingLong(ClusterNodeEntry::configEpoch))
                .orElseThrow(() -> new IllegalStateException("No running node knows a primary for slot " + slot));
        return serverOnPort(claim.port());
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok} and the same primaries for the same slots,
     * all of them running and not suspected to fail. After a primary was killed, that is when its replica has taken
     * over; after a restart, when the restarted node has learned the current roles.
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}
     */
    public void awaitHealthy(Duration timeout) {
        Await.until("every running cluster node is ok and sees the same running primaries", timeout, () -> {
            List<LocalRedisServer> running = running();
            if (running.isEmpty()) {
                throw new Await.NotYet("no node is running");
            }
            String agreed = null;
            for (LocalRedisServer node : running) {
                String primaries = healthyPrimaries(node);
                if (agreed != null && !agreed.equals(primaries)) {
                    throw new Await.NotYet("nodes disagree on the primaries: " + agreed + " and, by node "
                            + node.port() + ", " + primaries);
                }
                agreed = primaries;
            }
            return null;
        });
    }

    /** Stops every node with SIGTERM, as an outage of the whole cluster would; {@link #startAll()} brings it back. */
    public void stopAll() {
        servers.forEach(LocalRedisServer::stop);
    }

    /**
     * Starts every stopped node again with its data and cluster configuration; {@link #awaitHealthy(Duration)} tells
     * when the cluster is ok again.
     */
    public void startAll() {
        servers.stream().filter(server -> !server.isRunning()).forEach(LocalRedisServer::start);
    }

    /** Stops all nodes and deletes their data. */
    @Override
    public void close() {
        LocalRedisServer.closeAll(servers, null);
    }

    @Override
    public String toString() {
        return "LocalRedisCluster[" + clusterNodes() + "]";
    }

    /**
     * The primaries with slots as {@code node} sees them, one {@code port=slots} entry each, sorted.
     *
     * @throws Await.NotYet when {@code node} is not ok, or sees a primary that fails or is not running
     */
    private String healthyPrimaries(LocalRedisServer node) {
        try (Jedis jedis = node.connect()) {
            String state = Endpoint.infoField(jedis.clusterInfo(), "cluster_state");
            if (!"ok".equals(state)) {
                throw new Await.NotYet("node " + node.port() + " reports cluster_state:" + state);
            }
            List<ClusterNodeEntry> primaries = ClusterNodeEntry.parse(jedis.clusterNodes()).stream()
                    .filter(entry -> entry.isPrimary() && entry.hasSlots())
                    .toList();
            for (ClusterNodeEntry primary : primaries) {
                if (primary.isFailing() || !serverOnPort(primary.port()).isRunning()) {
                    throw new Await.NotYet("node " + node.port() + " still sees " + primary.port() + " as primary");
                }
            }
            return primaries.stream()
                    .map(primary -> primary.port() + "=" + String.join(" ", primary.slots()))
                    .sorted()
                    .collect(Collectors.joining(", "));
        }
    }

    private static List<ClusterNodeEntry> view(LocalRedisServer node) {
        try (Jedis jedis = node.connect()) {
            return ClusterNodeEntry.parse(jedis.clusterNodes());
        }
    }

    private List<LocalRedisServer> running() {
        return servers.stream().filter(LocalRedisServer::isRunning).toList();
    }

    private LocalRedisServer serverOnPort(int port) {
        return servers.stream()
                .filter(server -> server.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of " + this + " listens on port " + port));
    }

    /** The certificate all nodes share, or null without TLS. */
    private TlsMaterial tls() {
        return servers.get(0).tlsMaterial();
    }

    private String addresses(List<LocalRedisServer> nodes) {
        String scheme = tls() == null ? "" : "rediss://";
        return nodes.stream().map(server -> scheme + HOST + ":" + server.port()).collect(Collectors.joining(","));
    }
}
