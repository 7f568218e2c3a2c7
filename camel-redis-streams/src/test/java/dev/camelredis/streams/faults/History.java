package dev.camelredis.streams.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened during a run, as the checker needs it: the adds, every route attempt, the samples of the pending
 * entries lists, the faults and what Redis holds at the end. Entries are named {@code streamKey/entryId}; times are
 * wall-clock milliseconds ({@link System#currentTimeMillis()}), comparable across the JVMs of one machine.
 *
 * @param settings     what the consumers were configured with
 * @param adds         every XADD the producer sent, with its reply or without one
 * @param attempts     every time an entry was handed to a route, in any JVM
 * @param samples      periodic samples of each stream's group
 * @param faults       the faults injected, with their times
 * @param deadLetters  what the dead-letter streams hold at the end
 * @param pendingAtEnd the entries pending in the groups at the end
 * @param presentAtEnd the entries the streams hold at the end
 */
record History(Settings settings, List<Add> adds, List<Attempt> attempts, List<PendingSample> samples,
                      List<Fault> faults, List<DeadLetter> deadLetters, Set<String> pendingAtEnd,
                      Set<String> presentAtEnd) {

    /**
     * @param shardOwnership whether at most one consumer may process a shard at a time (I5 applies)
     * @param maxDeliveries  the consumers' maxDeliveries, 0 when there is no dead-lettering
     */
    record Settings(boolean shardOwnership, int maxDeliveries) {
    }

    /**
     * One XADD. {@code entry} is null when no reply came (a fault cut it): the entry may or may not exist.
     */
    record Add(long n, String entry, String partitionKey, long seq, long sentAt, long repliedAt) {

        boolean acknowledged() {
            return entry != null;
        }
    }

    enum Outcome {
        /** The route finished the exchange without an exception. */
        SUCCEEDED,
        /** The route failed the exchange. */
        FAILED,
        /** The attempt never ended: its JVM died, or it is still hanging. */
        UNFINISHED
    }

    /**
     * One hand-over of an entry to a route.
     *
     * @param instance      the consumer instance (a consumer name in one context or JVM incarnation)
     * @param jvm           the JVM incarnation the instance ran in
     * @param deliveryCount the CamelRedisStreamsDeliveryCount header the route saw
     * @param end           when the route finished with it, -1 when it never did
     */
    record Attempt(String instance, String jvm, String entry, String partitionKey, long seq,
                          long deliveryCount, long start, long end, Outcome outcome) {

        String stream() {
            return streamOf(entry);
        }
    }

    /**
     * What one stream's group looked like: its last-delivered-id (read first) and its pending entries with their
     * owner (read after), between {@code start} and {@code end}. {@code lastDelivered} is null when there was no group.
     */
    record PendingSample(String stream, long start, long end, String lastDelivered, Map<String, String> owners) {
    }

    enum FaultKind {
        CLIENT_KILL, CLIENT_PAUSE, REDIS_RESTART, JVM_KILL, CONTEXT_RESTART, ROUTE_FAILURES, SLOW_EXCHANGES, XDEL,
        GROUP_DESTROY, DEAD_LETTER_BROKEN
    }

    /**
     * One fault, from its start to its end.
     *
     * @param target   what it hit: a JVM, a context, a stream key, or empty
     * @param entries  for JVM_KILL the entries the killed consumer held pending right after the kill; for XDEL the
     *                 entries deleted; empty otherwise
     */
    record Fault(FaultKind kind, String target, long start, long end, Set<String> entries) {
    }

    /** An entry in a dead-letter stream: its source entry, when it was written, and its dlq-deliveries field. */
    record DeadLetter(String entry, long at, long deliveries) {
    }

    static String streamOf(String entry) {
        return entry.substring(0, entry.lastIndexOf('/'));
    }

    static String idOf(String entry) {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }
}
