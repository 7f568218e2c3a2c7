package dev.camelredis.testservice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Joins started cluster nodes into one Redis Cluster with plain commands, the way {@code redis-cli --cluster create}
 * does (no redis-cli needed): slots and config epochs on the primaries, MEET, then REPLICATE once every node knows
 * every other.
 */
final class ClusterFormation {

    private static final int SLOTS = 16384;

    private ClusterFormation() {
    }

    /**
     * Splits the slots into equal ranges, one per primary, makes {@code replicas.get(i)} the replica of
     * {@code primaries.get(i)}, and waits until every node reports {@code cluster_state:ok}, sees every replica as
     * the replica of its primary, and every replica is in sync with its primary.
     *
     * @param host the address the nodes listen on, and so announce to each other
     * @param stepTimeout how long each wait may take: the one for the nodes to meet, the one for the replicas
     */
    static void form(String host, List<LocalRedisServer> primaries, List<LocalRedisServer> replicas,
            Duration stepTimeout) {
        if (primaries.size() != replicas.size()) {
            throw new IllegalArgumentException("One replica per primary expected, got " + primaries.size()
                    + " primaries and " + replicas.size() + " replicas");
        }
        List<LocalRedisServer> all = new ArrayList<>(primaries);
        all.addAll(replicas);
        Map<LocalRedisServer, String> ids = new LinkedHashMap<>();
        for (LocalRedisServer node : all) {
            try (Jedis jedis = node.connect()) {
                ids.put(node, jedis.clusterMyId());
            }
        }

        for (int i = 0; i < primaries.size(); i++) {
            try (Jedis jedis = primaries.get(i).connect()) {
                // Distinct epochs spare the cluster resolving a collision of equal ones; only allowed before MEET.
                jedis.clusterSetConfigEpoch(i + 1);
                jedis.clusterAddSlotsRange(firstSlot(i, primaries.size()), firstSlot(i + 1, primaries.size()) - 1);
            }
        }

        try (Jedis first = all.get(0).connect()) {
            for (LocalRedisServer node : all.subList(1, all.size())) {
                // Jedis's clusterMeet cannot pass the bus port, which is not port + 10000 here.
                first.sendCommand(Protocol.Command.CLUSTER, "MEET", host, Integer.toString(node.port()),
                        Integer.toString(node.clusterBusPort()));
            }
        }
        Set<String> allIds = Set.copyOf(ids.values());
        // REPLICATE fails with "Unknown node" on a node that has not heard of the primary yet.
        Await.until("all " + all.size() + " cluster nodes know each other", stepTimeout, () -> {
            for (LocalRedisServer node : all) {
                try (Jedis jedis = node.connect()) {
                    // A node still in handshake has a temporary id, so that comparing ids also waits for handshakes.
                    Set<String> known = ClusterNodeEntry.parse(jedis.clusterNodes()).stream()
                            .map(ClusterNodeEntry::id)
                            .collect(Collectors.toSet());
                    if (!known.equals(allIds)) {
                        throw new Await.NotYet("node " + node.port() + " knows " + known.size() + " nodes, "
                                + known.stream().filter(allIds::contains).count() + " of them ours");
                    }
                }
            }
            return null;
        });

        for (int i = 0; i < replicas.size(); i++) {
            try (Jedis jedis = replicas.get(i).connect()) {
                jedis.clusterReplicate(ids.get(primaries.get(i)));
            }
        }
        Await.until("the cluster is ok and every replica follows its primary", stepTimeout, () -> {
            for (LocalRedisServer node : all) {
                checkFormed(node, primaries, replicas, ids);
            }
            return null;
        });
    }

    /** The first slot of range {@code i} of {@code ranges}; {@code i == ranges} gives {@link #SLOTS}. */
    private static int firstSlot(int i, int ranges) {
        return (int) Math.round(i * (double) SLOTS / ranges);
    }

    private static void checkFormed(LocalRedisServer node, List<LocalRedisServer> primaries,
            List<LocalRedisServer> replicas, Map<LocalRedisServer, String> ids) {
        try (Jedis jedis = node.connect()) {
            String state = Endpoint.infoField(jedis.clusterInfo(), "cluster_state");
            if (!"ok".equals(state)) {
                throw new Await.NotYet("node " + node.port() + " reports cluster_state:" + state);
            }
            // A primary votes for a replica's failover only if it knows that replica as the failed primary's.
            Map<String, ClusterNodeEntry> view = ClusterNodeEntry.parse(jedis.clusterNodes()).stream()
                    .collect(Collectors.toMap(ClusterNodeEntry::id, entry -> entry));
            for (int i = 0; i < replicas.size(); i++) {
                ClusterNodeEntry replica = view.get(ids.get(replicas.get(i)));
                if (replica == null || !replica.flags().contains("slave")
                        || !replica.primaryId().equals(ids.get(primaries.get(i)))) {
                    throw new Await.NotYet("node " + node.port() + " does not see " + replicas.get(i).port()
                            + " as replica of " + primaries.get(i).port() + " yet: " + replica);
                }
            }
            String replication = jedis.info("replication");
            if (primaries.contains(node)) {
                // slave0:ip=...,port=...,state=online,offset=...,lag=...
                if (!replication.contains("slave0:") || !replication.contains("state=online")) {
                    throw new Await.NotYet("primary " + node.port() + " has no replica online yet");
                }
            } else if (!"up".equals(Endpoint.infoField(replication, "master_link_status"))) {
                throw new Await.NotYet("replica " + node.port() + " is not in sync with its primary yet");
            }
        }
    }
}
