package dev.camelredis.examples.quickstart;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.camelredis.examples.quickstart.QuickstartReport.GroupReport;
import dev.camelredis.testservice.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickstartApplicationIT {

    @RegisterExtension
    static RedisServerExtension REDIS = new RedisServerExtension();

    private static final int ORDERS = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void everyGroupProcessesEveryOrderExactlyOnce() throws Exception {
        QuickstartReport report = QuickstartApplication.run(REDIS.server().redisUri(), ORDERS, TIMEOUT);

        assertTrue(report.nothingLost(), report::toString);
        assertEveryGroupGotEveryOrderOnce(report);
    }

    @Test
    void rerunStartsFromAnEmptyStream() throws Exception {
        QuickstartApplication.run(REDIS.server().redisUri(), ORDERS, TIMEOUT);

        QuickstartReport rerun = QuickstartApplication.run(REDIS.server().redisUri(), ORDERS, TIMEOUT);

        assertEquals(ORDERS, rerun.appended(), rerun::toString);
        assertEveryGroupGotEveryOrderOnce(rerun);
    }

    private static void assertEveryGroupGotEveryOrderOnce(QuickstartReport report) {
        List<Integer> everyOrder = IntStream.rangeClosed(1, ORDERS).boxed().toList();
        assertEquals(List.of("analytics", "notifications"), report.groups().stream().map(GroupReport::name).toList());
        for (GroupReport group : report.groups()) {
            List<Integer> received = group.ordersByConsumer().values().stream().flatMap(List::stream).sorted().toList();
            assertEquals(everyOrder, received, () -> group.name() + " in\n" + report);
            assertEquals(0, group.redelivered(), () -> group.name() + " in\n" + report);
            assertEquals(0, group.pending(), () -> group.name() + " in\n" + report);
        }
    }
}
