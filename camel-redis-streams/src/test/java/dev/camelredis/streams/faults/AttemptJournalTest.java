package dev.camelredis.streams.faults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.camelredis.streams.faults.History.Attempt;
import dev.camelredis.streams.faults.History.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal read back: ended attempts with their outcome, begun ones as unfinished, and the line a kill cut short
 * ignored.
 */
class AttemptJournalTest {

    @Test
    void attemptsReadBackWithTheirOutcomesAndAKilledJvmsLastLineIgnored(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("jvm-c#1.journal");
        try (AttemptJournal journal = new AttemptJournal(file)) {
            long ok = journal.begin("c#1", "jvm-c#1", "s/1-0", "k", 1, 1);
            long failed = journal.begin("c#1", "jvm-c#1", "s/2-0", "k", 2, 1);
            journal.end("c#1", failed, Outcome.FAILED);
            journal.end("c#1", ok, Outcome.SUCCEEDED);
            journal.begin("c#1", "jvm-c#1", "s/3-0", "k", 3, 2);
        }
        Files.writeString(file, "B\tc#1\t4\tjvm-c#1\ts/4-0", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        List<Attempt> attempts = AttemptJournal.read(List.of(file));

        assertEquals(List.of("s/1-0", "s/2-0", "s/3-0"), attempts.stream().map(Attempt::entry).toList());
        assertEquals(List.of(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.UNFINISHED),
                attempts.stream().map(Attempt::outcome).toList());
        assertEquals(-1, attempts.get(2).end());
        assertEquals(2, attempts.get(2).deliveryCount());
        assertTrue(attempts.get(0).end() >= attempts.get(0).start());
    }
}
