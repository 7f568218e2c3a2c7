package dev.camelredis.testservice;

import java.util.List;
import java.util.Set;

/**
 * One line of a {@code CLUSTER NODES} reply: one node as the answering node sees it. The line reads
 * {@code <id> <ip:port@busport[,hostname]> <flags> <primary id or -> <ping-sent> <pong-recv> <config-epoch>
 * <link-state> <slot or range>...}.
 *
 * @param flags e.g. {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail}, {@code handshake}
 * @param primaryId the id of the node's primary, or {@code "-"} for a primary
 * @param configEpoch the epoch of the node's claim on its slots: where two claims overlap, the higher one wins
 * @param slots slots and ranges as written, e.g. {@code 0-5460}
 */
record ClusterNodeEntry(String id, int port, Set<String> flags, String primaryId, long configEpoch,
        List<String> slots) {

    private static final int SLOTS_FROM = 8;

    /** Parses a whole {@code CLUSTER NODES} reply. */
    static List<ClusterNodeEntry> parse(String reply) {
        return reply.lines().filter(line -> !line.isBlank()).map(ClusterNodeEntry::parseLine).toList();
    }

    private static ClusterNodeEntry parseLine(String line) {
        String[] fields = line.strip().split(" ");
        String address = fields[1];
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':', address.indexOf('@')) + 1,
                address.indexOf('@')));
        List<String> slots = List.of(fields).subList(Math.min(SLOTS_FROM, fields.length), fields.length);
        return new ClusterNodeEntry(fields[0], port, Set.of(fields[2].split(",")), fields[3],
                Long.parseLong(fields[6]), slots);
    }

    boolean isPrimary() {
        return flags.contains("master");
    }

    /** Whether the answering node suspects ({@code fail?}) or has agreed ({@code fail}) that this node failed. */
    boolean isFailing() {
        return flags.contains("fail") || flags.contains("fail?");
    }

    boolean hasSlots() {
        return !slots.isEmpty();
    }

    boolean servesSlot(int slot) {
        for (String entry : slots) {
            // "[slot->-id]" and "[slot-<-id]" mark slots being migrated, which only the CLUSTER SETSLOT commands make.
            if (entry.startsWith("[")) {
                continue;
            }
            int dash = entry.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? entry : entry.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(entry.substring(dash + 1));
            if (first <= slot && slot <= last) {
                return true;
            }
        }
        return false;
    }
}
