package dev.camelredis.streams.faults;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelredis.streams.faults.History.Attempt;
import dev.camelredis.streams.faults.History.Outcome;

/**
 * The route attempts of one JVM, written to a file line by line as they begin and end, so that what a JVM killed with
 * SIGKILL had begun survives it (each line is one write to the kernel, no buffer in the JVM). The history is never
 * kept in the Redis under test: its faults would take the record with them.
 */
final class AttemptJournal implements AutoCloseable {

    private final OutputStream out;
    private final AtomicLong next = new AtomicLong();

    AttemptJournal(Path file) {
        try {
            Files.createDirectories(file.getParent());
            out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the start of an attempt; returns its handle for {@link #end}. */
    long begin(String instance, String jvm, String entry, String partitionKey, long seq, long deliveryCount) {
        long handle = next.incrementAndGet();
        write("B\t" + instance + "\t" + handle + "\t" + jvm + "\t" + entry + "\t" + partitionKey + "\t" + seq + "\t"
              + deliveryCount + "\t" + System.currentTimeMillis());
        return handle;
    }

    void end(String instance, long handle, Outcome outcome) {
        write("E\t" + instance + "\t" + handle + "\t" + outcome + "\t" + System.currentTimeMillis());
    }

    private synchronized void write(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * The attempts of journal files: an attempt whose end was never written is {@link Outcome#UNFINISHED}. A line cut
     * short by a kill is ignored.
     */
    static List<Attempt> read(List<Path> files) throws IOException {
        List<Attempt> attempts = new ArrayList<>();
        for (Path file : files) {
            Map<String, String[]> begun = new LinkedHashMap<>();
            Map<String, String[]> ended = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f[0].equals("B") && f.length == 9) {
                    begun.put(f[1] + "\t" + f[2], f);
                } else if (f[0].equals("E") && f.length == 5) {
                    ended.put(f[1] + "\t" + f[2], f);
                }
            }
            begun.forEach((handle, b) -> {
                String[] e = ended.get(handle);
                attempts.add(new Attempt(b[1], b[3], b[4], b[5], Long.parseLong(b[6]), Long.parseLong(b[7]),
                        Long.parseLong(b[8]), e == null ? -1 : Long.parseLong(e[4]),
                        e == null ? Outcome.UNFINISHED : Outcome.valueOf(e[3])));
            });
        }
        return attempts;
    }
}
