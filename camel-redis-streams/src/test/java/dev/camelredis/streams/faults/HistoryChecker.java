package dev.camelredis.streams.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.camelredis.streams.faults.History.Attempt;
import dev.camelredis.streams.faults.History.Fault;
import dev.camelredis.streams.faults.History.FaultKind;
import dev.camelredis.streams.faults.History.Outcome;
import dev.camelredis.streams.faults.History.PendingSample;
import dev.camelredis.streams.faults.Verdict.Invariant;
import dev.camelredis.streams.faults.Verdict.Violation;

/**
 * Judges a {@link History} against the delivery contract I1 to I5 of docs/delivery-semantics.md, the way Jepsen's
 * checkers judge a database's history: from what was observed only, with no knowledge of the consumer's code.
 *
 * <p>What each invariant means on a history with faults:
 * <ul>
 * <li>I1: a sample that shows an entry acknowledged (its ID at most the group's last-delivered-id, yet not pending)
 * is a violation unless, before the sample ended, an attempt at it had succeeded, it had been dead-lettered or it
 * had been deleted (XDEL).</li>
 * <li>I2: at the end every entry whose XADD was answered is finished (an attempt succeeded or it was dead-lettered)
 * or was deleted; nothing is left pending; no attempt outside a killed JVM was left unfinished; and no answered entry
 * vanished from the stream without an XDEL (with {@code appendfsync always} Redis answers only what it wrote to
 * disk, so a restart loses nothing that was answered).</li>
 * <li>I3: an entry handed to a route again after an attempt that did not fail is a duplicate. It is allowed only when
 * the JVM of that earlier attempt was killed afterwards while the entry was still pending under its consumer (its
 * XACK never reached Redis), or when its group was destroyed after the entry was added (the group created again reads
 * the stream again from its start ID, and an entry read from the old group may still be routed after the destroy).
 * Redis restarts are no excuse: with {@code appendfsync always} what Redis answered it kept.</li>
 * <li>I4: the k-th hand-over of an entry sees delivery count k, plus at most one per killed JVM that held it (read,
 * never routed); a dead letter's dlq-deliveries is the number of hand-overs, and it is at least maxDeliveries. An
 * entry whose group was destroyed after it was added is not judged: its count starts again in the new group, and
 * which of its hand-overs came from which group cannot be told from outside.</li>
 * <li>I5 (shardOwnership only): attempts on one shard by two consumer instances never overlap in time (an attempt
 * of a killed JVM ends at the kill), and per partition key the first attempts of its entries start in the order of
 * the keys' sequence numbers. A retry after a failed attempt is not a first attempt: a failure delays its entry.</li>
 * </ul>
 */
final class HistoryChecker {

    private static final String ALLOWED = "allowed: ";
    private static final int MAX_VIOLATIONS_PER_INVARIANT = 1000;

    private final History history;
    private final Map<String, List<Attempt>> attemptsByEntry = new HashMap<>();
    /** Attempts that start in the same millisecond keep the order of the history (of their journal). */
    private final Comparator<Attempt> byStart;
    private final Map<String, History.Add> addsByEntry = new HashMap<>();
    private final Map<String, History.DeadLetter> deadLetters = new HashMap<>();
    private final Map<String, Long> deletedAt = new HashMap<>();
    private final List<Fault> kills = new ArrayList<>();
    private final Map<String, Long> killedJvms = new HashMap<>();
    private final Map<String, List<Long>> destroysByStream = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<Invariant, Integer> violationCounts = new EnumMap<>(Invariant.class);
    private final Map<String, Long> duplicatesByCause = new TreeMap<>();

    private HistoryChecker(History history) {
        this.history = history;
        Map<Attempt, Integer> positions = new IdentityHashMap<>();
        for (Attempt attempt : history.attempts()) {
            positions.put(attempt, positions.size());
            attemptsByEntry.computeIfAbsent(attempt.entry(), e -> new ArrayList<>()).add(attempt);
        }
        byStart = Comparator.comparingLong(Attempt::start).thenComparing(positions::get);
        attemptsByEntry.values().forEach(list -> list.sort(byStart));
        history.adds().stream().filter(History.Add::acknowledged).forEach(add -> addsByEntry.put(add.entry(), add));
        history.deadLetters().forEach(dead -> deadLetters.merge(dead.entry(), dead,
                (first, second) -> first.at() <= second.at() ? first : second));
        for (Fault fault : history.faults()) {
            switch (fault.kind()) {
                case JVM_KILL -> {
                    kills.add(fault);
                    killedJvms.put(fault.target(), fault.start());
                }
                case XDEL -> fault.entries().forEach(entry -> deletedAt.merge(entry, fault.start(), Math::min));
                // until XGROUP DESTROY has answered, an entry just added may still be read through the old group
                case GROUP_DESTROY -> destroysByStream.computeIfAbsent(fault.target(), s -> new ArrayList<>())
                        .add(fault.end());
                default -> {
                }
            }
        }
    }

    static Verdict check(History history) {
        return new HistoryChecker(history).judge();
    }

    private Verdict judge() {
        ackAfterDone();
        nothingPinnedOrLost();
        noRedeliveryWithoutCrash();
        honestCounts();
        if (history.settings().shardOwnership()) {
            oneOwnerInOrder();
        }
        Map<FaultKind, Long> faultsByKind = history.faults().stream()
                .collect(Collectors.groupingBy(Fault::kind, () -> new EnumMap<>(FaultKind.class), Collectors.counting()));
        Map<FaultKind, Long> recoveryByKind = new EnumMap<>(FaultKind.class);
        long longest = 0;
        RecoveryTimes recovery = new RecoveryTimes();
        for (Fault fault : history.faults()) {
            long millis = recovery.after(fault.end());
            recoveryByKind.merge(fault.kind(), millis, HistoryChecker::longer);
            longest = longer(longest, millis);
        }
        return new Verdict(List.copyOf(violations), figures(), faultsByKind, duplicatesByCause, longest, recoveryByKind);
    }

    /** -1 stands for never, which is longer than any time. */
    private static long longer(long a, long b) {
        return a < 0 || b < 0 ? -1 : Math.max(a, b);
    }

    private void violation(Invariant invariant, String entry, String what) {
        int count = violationCounts.merge(invariant, 1, Integer::sum);
        if (count <= MAX_VIOLATIONS_PER_INVARIANT) {
            violations.add(new Violation(invariant, entry, what));
        }
    }

    /** When the entry was finished: its first successful attempt ended, it was dead-lettered or deleted. */
    private long finishedAt(String entry) {
        long finished = Long.MAX_VALUE;
        for (Attempt attempt : attemptsByEntry.getOrDefault(entry, List.of())) {
            if (attempt.outcome() == Outcome.SUCCEEDED) {
                finished = Math.min(finished, attempt.end());
            }
        }
        History.DeadLetter dead = deadLetters.get(entry);
        if (dead != null) {
            finished = Math.min(finished, dead.at());
        }
        return Math.min(finished, deletedAt.getOrDefault(entry, Long.MAX_VALUE));
    }

    private record EntryId(long millis, long sequence, String entry) implements Comparable<EntryId> {

        static EntryId of(String entry) {
            String id = History.idOf(entry);
            int dash = id.indexOf('-');
            return new EntryId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)), entry);
        }

        @Override
        public int compareTo(EntryId other) {
            int byTime = Long.compare(millis, other.millis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /**
     * I1. The samples are walked in time order while a set per stream holds the entries added but not yet finished
     * at the sample's end: only those can be acknowledged too early.
     */
    private void ackAfterDone() {
        List<PendingSample> samples = new ArrayList<>(history.samples());
        samples.sort(Comparator.comparingLong(PendingSample::end));
        List<History.Add> added = new ArrayList<>(addsByEntry.values());
        added.sort(Comparator.comparingLong(History.Add::repliedAt));
        List<String> byFinish = new ArrayList<>(addsByEntry.keySet());
        Map<String, Long> finish = new HashMap<>();
        byFinish.forEach(entry -> finish.put(entry, finishedAt(entry)));
        byFinish.sort(Comparator.comparingLong(finish::get));
        Map<String, TreeSet<EntryId>> open = new HashMap<>();
        Set<String> reported = new HashSet<>();
        int nextAdded = 0;
        int nextFinished = 0;
        for (PendingSample sample : samples) {
            while (nextAdded < added.size() && added.get(nextAdded).repliedAt() <= sample.end()) {
                String entry = added.get(nextAdded++).entry();
                // a consumer may finish an entry before the producer's thread records the XADD's reply
                if (finish.get(entry) > sample.end()) {
                    open.computeIfAbsent(History.streamOf(entry), s -> new TreeSet<>()).add(EntryId.of(entry));
                }
            }
            while (nextFinished < byFinish.size() && finish.get(byFinish.get(nextFinished)) <= sample.end()) {
                String entry = byFinish.get(nextFinished++);
                TreeSet<EntryId> ofStream = open.get(History.streamOf(entry));
                if (ofStream != null) {
                    ofStream.remove(EntryId.of(entry));
                }
            }
            TreeSet<EntryId> candidates = open.get(sample.stream());
            if (sample.lastDelivered() == null || candidates == null) {
                continue;
            }
            EntryId lastDelivered = EntryId.of(sample.stream() + "/" + sample.lastDelivered());
            for (EntryId id : candidates.headSet(lastDelivered, true)) {
                if (!sample.owners().containsKey(History.idOf(id.entry())) && reported.add(id.entry())) {
                    violation(Invariant.ACK_AFTER_DONE, id.entry(), "acknowledged (delivered, not pending) in the sample"
                            + " ending at " + sample.end() + ", before any attempt succeeded, a dead letter or an XDEL;"
                            + " attempts " + describe(id.entry()));
                }
            }
        }
    }

    /** I2 and the promise that nothing answered is lost. */
    private void nothingPinnedOrLost() {
        for (String entry : addsByEntry.keySet()) {
            if (deletedAt.containsKey(entry)) {
                continue;
            }
            if (finishedAt(entry) == Long.MAX_VALUE) {
                violation(Invariant.NOTHING_PINNED_OR_LOST, entry, "never finished: not processed successfully, not"
                        + " dead-lettered; attempts " + describe(entry));
            } else if (history.pendingAtEnd().contains(entry)) {
                violation(Invariant.NOTHING_PINNED_OR_LOST, entry, "finished, yet still pending at the end");
            }
            if (!history.presentAtEnd().contains(entry)) {
                violation(Invariant.NOTHING_PINNED_OR_LOST, entry, "its XADD was answered, yet the stream no longer"
                        + " holds it and nobody deleted it: Redis lost it");
            }
        }
        for (Attempt attempt : history.attempts()) {
            if (attempt.outcome() == Outcome.UNFINISHED && !killedJvms.containsKey(attempt.jvm())) {
                violation(Invariant.NOTHING_PINNED_OR_LOST, attempt.entry(), "the exchange of " + attempt.instance()
                        + " started at " + attempt.start() + " never completed, and its JVM was not killed");
            }
        }
    }

    /** I3: every hand-over after an attempt that did not fail needs a crash of that attempt's JVM or a new group. */
    private void noRedeliveryWithoutCrash() {
        attemptsByEntry.forEach((entry, attempts) -> {
            for (int i = 1; i < attempts.size(); i++) {
                Attempt again = attempts.get(i);
                Attempt earlier = lastNotFailed(attempts.subList(0, i));
                if (earlier != null) {
                    judgeDuplicate(entry, earlier, again.start(), "routed again by " + again.instance() + " at "
                            + again.start());
                }
            }
            History.DeadLetter dead = deadLetters.get(entry);
            Attempt earlier = dead == null ? null : lastNotFailed(attempts.stream()
                    .filter(a -> a.start() < dead.at()).toList());
            if (earlier != null) {
                judgeDuplicate(entry, earlier, dead.at(), "dead-lettered at " + dead.at());
            }
        });
    }

    private static Attempt lastNotFailed(List<Attempt> attempts) {
        Attempt found = null;
        for (Attempt attempt : attempts) {
            if (attempt.outcome() != Outcome.FAILED) {
                found = attempt;
            }
        }
        return found;
    }

    private void judgeDuplicate(String entry, Attempt earlier, long at, String what) {
        String excuse = excuse(entry, earlier, at);
        if (excuse != null) {
            duplicatesByCause.merge(ALLOWED + excuse, 1L, Long::sum);
            return;
        }
        String cause = (earlier.end() < 0 || earlier.end() > at ? "while still in flight, " : "")
                       + faultsBetween(earlier.start(), at);
        duplicatesByCause.merge(cause, 1L, Long::sum);
        violation(Invariant.NO_REDELIVERY_WITHOUT_CRASH, entry, what + " after the " + earlier.outcome()
                + " attempt of " + earlier.instance() + " (" + earlier.start() + ".." + earlier.end() + "), " + cause);
    }

    /** Why an entry may be handed over again at {@code at} after {@code earlier}, or null when nothing excuses it. */
    private String excuse(String entry, Attempt earlier, long at) {
        for (Fault kill : kills) {
            if (kill.target().equals(earlier.jvm()) && kill.start() >= earlier.start() && kill.start() <= at
                && kill.entries().contains(entry)) {
                return "its consumer JVM was killed holding it";
            }
        }
        if (groupDestroyedSinceAdded(entry, at)) {
            return "the group was destroyed and re-created";
        }
        return null;
    }

    /** Whether the entry's group was destroyed between the entry's XADD and {@code time}. */
    private boolean groupDestroyedSinceAdded(String entry, long time) {
        History.Add add = addsByEntry.get(entry);
        long addedAt = add == null ? Long.MIN_VALUE : add.sentAt();
        return destroysByStream.getOrDefault(History.streamOf(entry), List.of()).stream()
                .anyMatch(destroyed -> destroyed >= addedAt && destroyed <= time);
    }

    private String faultsBetween(long from, long to) {
        Set<FaultKind> kinds = new TreeSet<>();
        for (Fault fault : history.faults()) {
            if (fault.start() <= to && fault.end() >= from) {
                kinds.add(fault.kind());
            }
        }
        return kinds.isEmpty() ? "with no fault in between" : "after " + kinds;
    }

    /** I4: the k-th hand-over sees count k, give or take the JVMs that died holding the entry. */
    private void honestCounts() {
        attemptsByEntry.forEach((entry, attempts) -> {
            if (groupDestroyedSinceAdded(entry, Long.MAX_VALUE)) {
                return;
            }
            int handOvers = 0;
            for (Attempt attempt : attempts) {
                handOvers++;
                long slack = killsHolding(entry, attempt.start());
                if (attempt.deliveryCount() < handOvers || attempt.deliveryCount() > handOvers + slack) {
                    violation(Invariant.HONEST_COUNTS, entry, "hand-over " + handOvers + " to " + attempt.instance()
                            + " saw delivery count " + attempt.deliveryCount() + " (JVMs killed holding it: " + slack
                            + ")");
                }
            }
        });
        deadLetters.forEach((entry, dead) -> {
            if (groupDestroyedSinceAdded(entry, Long.MAX_VALUE)) {
                return;
            }
            long routed = attemptsByEntry.getOrDefault(entry, List.of()).stream()
                    .filter(a -> a.start() < dead.at()).count();
            long slack = killsHolding(entry, dead.at());
            int max = history.settings().maxDeliveries();
            if (routed + slack < max) {
                violation(Invariant.HONEST_COUNTS, entry, "dead-lettered after " + routed + " hand-overs,"
                        + " maxDeliveries=" + max + " (JVMs killed holding it: " + slack + ")");
            }
            if (dead.deliveries() < routed || dead.deliveries() > routed + slack) {
                violation(Invariant.HONEST_COUNTS, entry, "dlq-deliveries " + dead.deliveries() + " after "
                        + routed + " hand-overs (JVMs killed holding it: " + slack + ")");
            }
        });
    }

    private long killsHolding(String entry, long before) {
        return kills.stream().filter(k -> k.start() < before && k.entries().contains(entry)).count();
    }

    /** I5, under shardOwnership only. */
    private void oneOwnerInOrder() {
        Map<String, List<Attempt>> byShard = history.attempts().stream()
                .collect(Collectors.groupingBy(Attempt::stream));
        byShard.forEach((shard, attempts) -> {
            List<Attempt> sorted = new ArrayList<>(attempts);
            sorted.sort(byStart);
            List<Attempt> running = new ArrayList<>();
            for (Attempt attempt : sorted) {
                running.removeIf(other -> effectiveEnd(other) <= attempt.start());
                for (Attempt other : running) {
                    if (!other.instance().equals(attempt.instance())) {
                        violation(Invariant.ONE_OWNER_IN_ORDER, attempt.entry(), "shard " + shard + " processed by "
                                + attempt.instance() + " from " + attempt.start() + " while " + other.instance()
                                + " was still processing " + other.entry() + " (" + other.start() + ".."
                                + other.end() + ")");
                        break;
                    }
                }
                running.add(attempt);
            }
        });
        Map<String, List<Attempt>> firstByKey = new LinkedHashMap<>();
        attemptsByEntry.values().forEach(attempts -> firstByKey
                .computeIfAbsent(attempts.get(0).partitionKey(), k -> new ArrayList<>()).add(attempts.get(0)));
        firstByKey.forEach((key, firsts) -> {
            firsts.sort(byStart);
            Attempt latest = null;
            for (Attempt first : firsts) {
                if (latest != null && first.seq() < latest.seq()) {
                    violation(Invariant.ONE_OWNER_IN_ORDER, first.entry(), "partition key " + key + ": seq "
                            + first.seq() + " first processed at " + first.start() + " by " + first.instance()
                            + ", after seq " + latest.seq() + " (" + latest.start() + " by " + latest.instance() + ")");
                }
                if (latest == null || first.seq() > latest.seq()) {
                    latest = first;
                }
            }
        });
    }

    private long effectiveEnd(Attempt attempt) {
        if (attempt.end() >= 0) {
            return attempt.end();
        }
        return killedJvms.getOrDefault(attempt.jvm(), Long.MAX_VALUE);
    }

    private String describe(String entry) {
        return attemptsByEntry.getOrDefault(entry, List.of()).stream()
                .map(a -> a.instance() + ":" + a.outcome() + "@" + a.start() + ".." + a.end() + " dc=" + a.deliveryCount())
                .toList().toString();
    }

    private Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("entries added", (long) addsByEntry.size());
        figures.put("adds without reply", history.adds().stream().filter(a -> !a.acknowledged()).count());
        figures.put("attempts", (long) history.attempts().size());
        for (Outcome outcome : Outcome.values()) {
            figures.put("attempts " + outcome.name().toLowerCase(),
                    history.attempts().stream().filter(a -> a.outcome() == outcome).count());
        }
        figures.put("dead-lettered", (long) deadLetters.size());
        figures.put("deleted", (long) deletedAt.size());
        figures.put("samples", (long) history.samples().size());
        figures.put("duplicates", duplicatesByCause.values().stream().mapToLong(Long::longValue).sum());
        violationCounts.forEach((invariant, count) -> figures.put("violations " + invariant, (long) count));
        return figures;
    }

    /** For each time t, how long after t every entry answered by t was finished. */
    private final class RecoveryTimes {

        private final long[] repliedAt;
        private final long[] latestFinish;

        RecoveryTimes() {
            List<History.Add> added = new ArrayList<>(addsByEntry.values());
            added.sort(Comparator.comparingLong(History.Add::repliedAt));
            repliedAt = new long[added.size()];
            latestFinish = new long[added.size()];
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < added.size(); i++) {
                repliedAt[i] = added.get(i).repliedAt();
                latest = Math.max(latest, finishedAt(added.get(i).entry()));
                latestFinish[i] = latest;
            }
        }

        /** -1 when some entry answered by then was never finished. */
        long after(long time) {
            int answered = upperBound(time);
            if (answered == 0) {
                return 0;
            }
            long finish = latestFinish[answered - 1];
            return finish == Long.MAX_VALUE ? -1 : Math.max(0, finish - time);
        }

        private int upperBound(long time) {
            int low = 0;
            int high = repliedAt.length;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (repliedAt[middle] <= time) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }
}
