package dev.camelredis.streams.faults;

import java.util.EnumSet;

import dev.camelredis.streams.faults.History.FaultKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault schedule is a function of its seed and duration, meets every kind of fault in a short run, and stays inside
 * the run.
 */
class FaultScheduleTest {

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        assertEquals(FaultSchedule.draw(42, 600_000), FaultSchedule.draw(42, 600_000));
        assertEquals(FaultSchedule.draw(42, 600_000).toString(), FaultSchedule.draw(42, 600_000).toString());
        assertNotEquals(FaultSchedule.draw(42, 600_000).faults(), FaultSchedule.draw(43, 600_000).faults());
    }

    @Test
    void theGroupIsDestroyedOnceInARun() {
        assertEquals(1, FaultSchedule.draw(7, 600_000).faults().stream()
                .filter(f -> f.kind() == FaultKind.GROUP_DESTROY).count());
    }

    @Test
    void aRunOfTwentySecondsMeetsEveryKindItHasRoomForAndEndsInside() {
        for (long seed = 1; seed <= 50; seed++) {
            FaultSchedule schedule = FaultSchedule.draw(seed, 20_000);
            EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
            schedule.faults().forEach(f -> kinds.add(f.kind()));
            assertTrue(schedule.faults().size() >= 5, schedule.toString());
            assertTrue(schedule.faults().stream().allMatch(f -> f.atMillis() <= 19_000), schedule.toString());
            assertEquals(schedule.faults().size() >= FaultKind.values().length ? EnumSet.allOf(FaultKind.class) : kinds,
                    kinds, schedule.toString());
        }
    }
}
