package dev.camelredis.streams.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelredis.streams.faults.History.Attempt;
import dev.camelredis.streams.faults.History.Fault;
import dev.camelredis.streams.faults.History.FaultKind;
import dev.camelredis.streams.faults.History.Outcome;
import dev.camelredis.streams.faults.Verdict.Invariant;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker on histories written by hand: each invariant is judged violated exactly where the history breaks it,
 * and the faults that excuse a redelivery excuse only that.
 */
class HistoryCheckerTest {

    private static final String S = "orders";

    /** A history under construction: entries n = 1, 2, ... with IDs n-0, added at time n. */
    private static final class Builder {
        final List<History.Add> adds = new ArrayList<>();
        final List<Attempt> attempts = new ArrayList<>();
        final List<History.PendingSample> samples = new ArrayList<>();
        final List<Fault> faults = new ArrayList<>();
        final List<History.DeadLetter> deadLetters = new ArrayList<>();
        final Set<String> pendingAtEnd = new HashSet<>();
        final Set<String> present = new HashSet<>();
        boolean ownership;
        int maxDeliveries;

        Builder added(int n) {
            adds.add(new History.Add(n, entry(n), "k", n, n, n));
            present.add(entry(n));
            return this;
        }

        Builder attempt(String instance, int n, long dc, long start, long end, Outcome outcome) {
            return attempt(instance, "jvm-" + instance, n, dc, start, end, outcome);
        }

        Builder attempt(String instance, String jvm, int n, long dc, long start, long end, Outcome outcome) {
            attempts.add(new Attempt(instance, jvm, entry(n), "k", n, dc, start, end, outcome));
            return this;
        }

        Builder sample(long start, long end, int lastDelivered, Map<Integer, String> pending) {
            Map<String, String> owners = new HashMap<>();
            pending.forEach((n, owner) -> owners.put(n + "-0", owner));
            samples.add(new History.PendingSample(S, start, end, lastDelivered + "-0", owners));
            return this;
        }

        Builder fault(FaultKind kind, String target, long start, long end, Integer... entries) {
            Set<String> held = new HashSet<>();
            for (int n : entries) {
                held.add(entry(n));
            }
            faults.add(new Fault(kind, target, start, end, held));
            return this;
        }

        Verdict check() {
            return HistoryChecker.check(new History(new History.Settings(ownership, maxDeliveries), adds, attempts,
                    samples, faults, deadLetters, pendingAtEnd, present));
        }
    }

    private static String entry(int n) {
        return S + "/" + n + "-0";
    }

    private static Builder twoEntriesProcessedOnce() {
        return new Builder().added(1).added(2)
                .attempt("a", 1, 1, 10, 20, Outcome.SUCCEEDED)
                .attempt("a", 2, 1, 21, 30, Outcome.SUCCEEDED);
    }

    @Test
    void aCleanHistoryHolds() {
        Verdict verdict = twoEntriesProcessedOnce().sample(15, 16, 2, Map.of(1, "a", 2, "a"))
                .sample(25, 26, 2, Map.of(2, "a")).sample(40, 41, 2, Map.of()).check();
        assertTrue(verdict.holds(), verdict.report());
        assertEquals(2, verdict.figures().get("entries added"));
        assertEquals(0, verdict.figures().get("duplicates"));
    }

    @Test
    void anAckSeenBeforeTheAttemptEndedBreaksI1() {
        Verdict verdict = twoEntriesProcessedOnce().sample(15, 16, 2, Map.of(2, "a")).check();
        assertEquals(1, verdict.of(Invariant.ACK_AFTER_DONE).size(), verdict.report());
        assertEquals(entry(1), verdict.of(Invariant.ACK_AFTER_DONE).get(0).entry());
        assertEquals(1, verdict.violations().size(), verdict.report());
    }

    @Test
    void anEntryFinishedBeforeItsAddWasRecordedIsNoEarlyAck() {
        Builder history = new Builder();
        history.adds.add(new History.Add(1, entry(1), "k", 1, 1, 30));
        history.present.add(entry(1));
        Verdict verdict = history.attempt("a", 1, 1, 10, 20, Outcome.SUCCEEDED).sample(21, 22, 1, Map.of())
                .sample(40, 41, 1, Map.of()).check();
        assertTrue(verdict.holds(), verdict.report());
    }

    @Test
    void anEntryNotYetDeliveredIsNotTakenForAcked() {
        Verdict verdict = twoEntriesProcessedOnce().sample(5, 6, 0, Map.of()).sample(15, 16, 1, Map.of(1, "a")).check();
        assertTrue(verdict.holds(), verdict.report());
    }

    @Test
    void anAckAfterDeadLetteringOrDeletionIsFine() {
        Builder history = new Builder().added(1).added(2).attempt("a", 1, 1, 10, 20, Outcome.FAILED)
                .fault(FaultKind.XDEL, S, 30, 30, 2);
        history.deadLetters.add(new History.DeadLetter(entry(1), 40, 1));
        history.maxDeliveries = 1;
        Verdict verdict = history.sample(50, 51, 2, Map.of()).check();
        assertTrue(verdict.holds(), verdict.report());
    }

    @Test
    void anEntryNeverFinishedOrStillPendingOrVanishedBreaksI2() {
        Builder history = new Builder().added(1).added(2).added(3)
                .attempt("a", 1, 1, 10, 20, Outcome.FAILED)
                .attempt("a", 2, 1, 10, 20, Outcome.SUCCEEDED)
                .attempt("a", 3, 1, 10, 20, Outcome.SUCCEEDED);
        history.pendingAtEnd.add(entry(2));
        history.present.remove(entry(3));
        List<Verdict.Violation> found = history.check().of(Invariant.NOTHING_PINNED_OR_LOST);
        assertEquals(3, found.size(), found.toString());
        assertEquals(Set.of(entry(1), entry(2), entry(3)),
                Set.copyOf(found.stream().map(Verdict.Violation::entry).toList()));
    }

    @Test
    void anExchangeLeftHangingBreaksI2UnlessItsJvmWasKilled() {
        Builder hanging = new Builder().added(1).attempt("a", 1, 1, 10, -1, Outcome.UNFINISHED)
                .attempt("b", 1, 2, 50, 60, Outcome.SUCCEEDED);
        assertEquals(1, hanging.check().of(Invariant.NOTHING_PINNED_OR_LOST).size());
        Verdict killed = hanging.fault(FaultKind.JVM_KILL, "jvm-a", 30, 31, 1).check();
        assertTrue(killed.holds(), killed.report());
        assertEquals(Map.of("allowed: its consumer JVM was killed holding it", 1L), killed.duplicatesByCause());
    }

    @Test
    void aSecondSuccessWithoutACrashBreaksI3AndNamesTheFaultsInBetween() {
        Verdict verdict = twoEntriesProcessedOnce().attempt("b", 1, 2, 40, 45, Outcome.SUCCEEDED)
                .fault(FaultKind.CLIENT_KILL, "", 30, 30).check();
        assertEquals(1, verdict.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), verdict.report());
        assertEquals(Map.of("after [CLIENT_KILL]", 1L), verdict.duplicatesByCause());
    }

    @Test
    void aSecondAttemptWhileTheFirstRunsIsADuplicateInFlight() {
        Verdict verdict = twoEntriesProcessedOnce().attempt("a", 1, 2, 15, 25, Outcome.SUCCEEDED).check();
        assertEquals(Map.of("while still in flight, with no fault in between", 1L), verdict.duplicatesByCause());
    }

    @Test
    void aRetryAfterAFailedAttemptIsNoDuplicate() {
        Verdict verdict = new Builder().added(1).attempt("a", 1, 1, 10, 20, Outcome.FAILED)
                .attempt("b", 1, 2, 30, 40, Outcome.SUCCEEDED).check();
        assertTrue(verdict.holds(), verdict.report());
        assertEquals(0, verdict.figures().get("duplicates"));
    }

    @Test
    void aKillExcusesOnlyTheEntriesTheKilledJvmHeld() {
        Verdict verdict = twoEntriesProcessedOnce()
                .fault(FaultKind.JVM_KILL, "jvm-a", 35, 36, 2)
                .attempt("b", 1, 2, 40, 45, Outcome.SUCCEEDED)
                .attempt("b", 2, 2, 40, 45, Outcome.SUCCEEDED).check();
        List<Verdict.Violation> found = verdict.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH);
        assertEquals(1, found.size(), verdict.report());
        assertEquals(entry(1), found.get(0).entry());
    }

    @Test
    void aKillOfAnotherJvmOrBeforeTheAttemptExcusesNothing() {
        Verdict otherJvm = twoEntriesProcessedOnce().fault(FaultKind.JVM_KILL, "jvm-c", 35, 36, 1)
                .attempt("b", 1, 2, 40, 45, Outcome.SUCCEEDED).check();
        assertEquals(1, otherJvm.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), otherJvm.report());
        Verdict before = twoEntriesProcessedOnce().fault(FaultKind.JVM_KILL, "jvm-a", 5, 6, 1)
                .attempt("b", 1, 2, 40, 45, Outcome.SUCCEEDED).check();
        assertEquals(1, before.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), before.report());
    }

    @Test
    void aRedisRestartExcusesNoDuplicate() {
        Verdict verdict = twoEntriesProcessedOnce().fault(FaultKind.REDIS_RESTART, "", 25, 28)
                .attempt("a", 1, 2, 40, 45, Outcome.SUCCEEDED).check();
        assertEquals(1, verdict.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), verdict.report());
    }

    @Test
    void aDestroyedGroupExcusesTheReReadOfWhatWasAddedBeforeAndItsCount() {
        Verdict verdict = twoEntriesProcessedOnce().fault(FaultKind.GROUP_DESTROY, S, 15, 15)
                .attempt("b", 1, 1, 40, 45, Outcome.SUCCEEDED).attempt("b", 1, 1, 50, 55, Outcome.SUCCEEDED).check();
        assertTrue(verdict.holds(), verdict.report());
        assertEquals(Map.of("allowed: the group was destroyed and re-created", 2L), verdict.duplicatesByCause());
        Verdict addedAfter = twoEntriesProcessedOnce().fault(FaultKind.GROUP_DESTROY, S, 0, 0)
                .attempt("b", 1, 2, 40, 45, Outcome.SUCCEEDED).check();
        assertEquals(1, addedAfter.of(Invariant.NO_REDELIVERY_WITHOUT_CRASH).size(), addedAfter.report());
    }

    @Test
    void aDeliveryCountAboveTheHandOversBreaksI4UnlessAKilledJvmHeldIt() {
        Builder inflated = new Builder().added(1).attempt("a", 1, 1, 10, 20, Outcome.FAILED)
                .attempt("b", 1, 3, 30, 40, Outcome.SUCCEEDED);
        assertEquals(1, inflated.check().of(Invariant.HONEST_COUNTS).size());
        Verdict excused = inflated.fault(FaultKind.JVM_KILL, "jvm-c", 25, 25, 1).check();
        assertTrue(excused.holds(), excused.report());
        Verdict under = new Builder().added(1).attempt("a", 1, 1, 10, 20, Outcome.FAILED)
                .attempt("b", 1, 1, 30, 40, Outcome.SUCCEEDED).check();
        assertEquals(1, under.of(Invariant.HONEST_COUNTS).size(), under.report());
    }

    @Test
    void aDeadLetterBeforeMaxDeliveriesOrWithAWrongCountBreaksI4() {
        Builder early = new Builder().added(1).attempt("a", 1, 1, 10, 20, Outcome.FAILED);
        early.maxDeliveries = 3;
        early.deadLetters.add(new History.DeadLetter(entry(1), 50, 3));
        List<Verdict.Violation> found = early.check().of(Invariant.HONEST_COUNTS);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).what().contains("dead-lettered after 1 hand-overs, maxDeliveries=3"), found.toString());
        assertTrue(found.get(1).what().contains("dlq-deliveries 3 after 1 hand-overs"), found.toString());
    }

    @Test
    void twoOwnersOfAShardAtOnceBreakI5() {
        Builder history = new Builder().added(1).added(2)
                .attempt("a", 1, 1, 10, 30, Outcome.SUCCEEDED)
                .attempt("b", 2, 1, 20, 25, Outcome.SUCCEEDED);
        assertTrue(history.check().holds(), "without shardOwnership, parallel consumers are the point");
        history.ownership = true;
        List<Verdict.Violation> found = history.check().of(Invariant.ONE_OWNER_IN_ORDER);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).what().contains("while a was still processing"), found.toString());
    }

    @Test
    void anOwnerThatDiedIsNoLongerProcessing() {
        Builder history = new Builder().added(1).added(2)
                .attempt("a", 1, 1, 10, -1, Outcome.UNFINISHED)
                .fault(FaultKind.JVM_KILL, "jvm-a", 15, 16, 1)
                .attempt("b", 1, 2, 20, 25, Outcome.SUCCEEDED)
                .attempt("b", 2, 1, 26, 30, Outcome.SUCCEEDED);
        history.ownership = true;
        Verdict verdict = history.check();
        assertTrue(verdict.holds(), verdict.report());
    }

    @Test
    void aKeyProcessedBackwardsBreaksI5ButARetryAfterAFailureDoesNot() {
        Builder backwards = new Builder().added(1).added(2)
                .attempt("a", 2, 1, 10, 20, Outcome.SUCCEEDED)
                .attempt("a", 1, 1, 21, 30, Outcome.SUCCEEDED);
        backwards.ownership = true;
        assertEquals(1, backwards.check().of(Invariant.ONE_OWNER_IN_ORDER).size());
        Builder retried = new Builder().added(1).added(2)
                .attempt("a", 1, 1, 10, 20, Outcome.FAILED)
                .attempt("a", 2, 1, 21, 30, Outcome.SUCCEEDED)
                .attempt("a", 1, 2, 31, 40, Outcome.SUCCEEDED);
        retried.ownership = true;
        Verdict verdict = retried.check();
        assertTrue(verdict.holds(), verdict.report());
    }

    @Test
    void attemptsInTheSameMillisecondKeepTheOrderOfTheJournal() {
        Builder history = new Builder().added(1).added(2)
                .attempt("a", 1, 1, 10, 10, Outcome.SUCCEEDED)
                .attempt("a", 2, 1, 10, 10, Outcome.SUCCEEDED);
        history.ownership = true;
        Verdict verdict = history.check();
        assertTrue(verdict.holds(), verdict.report());
    }

    @Test
    void recoveryIsTheTimeFromAFaultUntilEverythingAddedBeforeItIsFinished() {
        Verdict verdict = twoEntriesProcessedOnce().fault(FaultKind.CLIENT_PAUSE, "", 1, 5)
                .fault(FaultKind.CLIENT_KILL, "", 40, 40).check();
        assertEquals(25, verdict.longestRecoveryMillis(), "entry 2, added at 2, finished at 30: 25 ms after 5");
        assertEquals(Map.of(FaultKind.CLIENT_PAUSE, 25L, FaultKind.CLIENT_KILL, 0L), verdict.recoveryByKind());
        Verdict never = new Builder().added(1).fault(FaultKind.CLIENT_KILL, "", 5, 5).check();
        assertEquals(-1, never.longestRecoveryMillis());
    }
}
