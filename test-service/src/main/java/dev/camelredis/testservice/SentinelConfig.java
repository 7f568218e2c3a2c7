package dev.camelredis.testservice;

/**
 * The config file of a Sentinel watching one primary, tuned so that tests see a failover within seconds. Port,
 * address, directory and log file come from the command line ({@link LocalRedisOptions}), which overrides the file.
 */
final class SentinelConfig {

    /** Two of the three Sentinels must agree that the primary is down: one Sentinel alone cannot fail it over. */
    static final int QUORUM = 2;
    /** How long the primary may not answer before a Sentinel considers it down (default 30 s). */
    static final long DOWN_AFTER_MILLIS = 1_000;
    /**
     * How long a failover may take before it is abandoned, and how long a Sentinel then waits (twice this) before
     * trying again, e.g. after the Sentinels split their votes (default 3 min).
     */
    static final long FAILOVER_TIMEOUT_MILLIS = 5_000;

    private SentinelConfig() {
    }

    /** Config watching the primary at {@code host:port} under {@code masterName}. */
    static String monitoring(String masterName, String host, int port) {
        return "sentinel monitor " + masterName + " " + host + " " + port + " " + QUORUM + "\n"
                + "sentinel down-after-milliseconds " + masterName + " " + DOWN_AFTER_MILLIS + "\n"
                + "sentinel failover-timeout " + masterName + " " + FAILOVER_TIMEOUT_MILLIS + "\n";
    }
}
