package dev.camelredis.streams.faults;

import java.time.Duration;

import dev.camelredis.streams.faults.FaultRun.Scenario;
import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Randomized fault injection judged by the {@link HistoryChecker}: a producer and three consumers (two Camel contexts
 * here, one child JVM) of one group, while the faults of a seeded {@link FaultSchedule} hit them: CLIENT KILL of every
 * connection, CLIENT PAUSE, SIGKILL and restart of redis-server (AOF, appendfsync always), SIGKILL and restart of the
 * consumer JVM, stop and start of a context, route failures and poison entries, exchanges slower than
 * claimMinIdleTime, XDEL of pending entries, XGROUP DESTROY, and a dead-letter key of the wrong type for a while.
 *
 * <p>{@code mvn verify} runs three fixed seeds of 12 s: a plain stream, three shards, three shards with
 * shardOwnership. A long run: {@code -Dit.test=FaultInjectionIT#longRun -Dfaults.duration=10m} with optional
 * {@code -Dfaults.seed=N} (default: the time), {@code -Dfaults.shards=3} and {@code -Dfaults.ownership=true}. Each run
 * prints its scenario, the checker's report and the fault schedule, and writes them with every violation to
 * {@code target/faults/<stream>/report.txt}; the same seed and duration give the same schedule.
 */
class FaultInjectionIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().appendOnly());

    /**
     * Fails on the consumer as it was before the fixes of issue 10 (ledger, ownership), on purpose; those fixes make
     * it pass. In three runs on that code: seed 1003 failed all three, on I4 each time (dlq-deliveries one above the
     * hand-overs: reconnects re-read pending entries and count a delivery each time) and once also on I3; seed 1002
     * failed two, once on I4 and once on I3 (an entry routed again by the same consumer within 200 ms of finishing
     * it, right after a CLIENT KILL); seed 1001 held all three.
     */
    @ParameterizedTest(name = "seed {0}, shards {1}, shardOwnership {2}")
    @CsvSource({ "1001, 1, false", "1002, 3, false", "1003, 3, true" })
    void theContractHoldsUnderRandomFaults(long seed, int shards, boolean ownership) throws Exception {
        judge(new Scenario(seed, 12_000, shards, ownership));
    }

    @Test
    @EnabledIfSystemProperty(named = "faults.duration", matches = ".+")
    void longRun() throws Exception {
        long seed = Long.getLong("faults.seed", System.currentTimeMillis());
        Duration duration = Duration.parse("PT" + System.getProperty("faults.duration").toUpperCase());
        judge(new Scenario(seed, duration.toMillis(), Integer.getInteger("faults.shards", 1),
                Boolean.getBoolean("faults.ownership")));
    }

    private static void judge(Scenario scenario) throws Exception {
        try (FaultRun run = new FaultRun(REDIS.server(), scenario)) {
            System.out.println("fault run " + scenario + "\n" + run.schedule());
            Verdict verdict = run.run();
            assertTrue(verdict.holds(), "fault run " + scenario + " (rerun with -Dit.test=FaultInjectionIT#longRun"
                    + " -Dfaults.seed=" + scenario.seed() + " -Dfaults.duration=" + scenario.durationMillis() / 1000
                    + "s -Dfaults.shards=" + scenario.shards() + " -Dfaults.ownership=" + scenario.ownership() + "):\n"
                    + verdict.report());
        }
    }
}
