package dev.camelredis.streams.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.camelredis.streams.RedisStreamsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A consumer of a fault run in a JVM of its own, for the run to kill with SIGKILL: the {@link RecordingRoute} on one
 * endpoint, its attempts journaled to a file of its own.
 *
 * <p>Arguments: redisUri endpointUri instance jvm journalFile slowMillis.
 */
public final class FaultConsumerProcess {

    private FaultConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("redis-streams", RedisStreamsComponent.class).getConfiguration().setRedisUri(args[0]);
        try (AttemptJournal journal = new AttemptJournal(Path.of(args[4]))) {
            context.addRoutes(new RecordingRoute(args[1], args[2], args[3], journal, Long.parseLong(args[5]), 0));
            context.start();
            System.out.println("STARTED " + args[3]);
            new CountDownLatch(1).await();
        }
    }

    /** Starts a consumer JVM with the test's classpath; it dies at the latest with the test JVM. */
    static Process launch(String redisUri, String endpointUri, String instance, String jvm, Path journal,
                          long slowMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FaultConsumerProcess.class.getName(), redisUri, endpointUri, instance, jvm, journal.toString(),
                String.valueOf(slowMillis));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(journal.toString().replace(".journal", ".log"))).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }
}
