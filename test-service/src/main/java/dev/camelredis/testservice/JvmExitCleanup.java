package dev.camelredis.testservice;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the cleanup of resources still open when the JVM exits, so that no redis-server process outlives a test run
 * that forgot to close it or was interrupted.
 */
final class JvmExitCleanup {

    private static final Set<Runnable> ACTIONS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(JvmExitCleanup::runAll, "redis-test-server-cleanup"));
    }

    private JvmExitCleanup() {
    }

    /** Registers an action; pass the same instance to {@link #unregister(Runnable)}. */
    static void register(Runnable action) {
        ACTIONS.add(action);
    }

    static void unregister(Runnable action) {
        ACTIONS.remove(action);
    }

    private static void runAll() {
        for (Runnable action : ACTIONS) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // Logging may already be shut down; stderr still reaches the build output.
                System.err.println("Cleanup at JVM exit failed: " + e);
            }
        }
    }
}
