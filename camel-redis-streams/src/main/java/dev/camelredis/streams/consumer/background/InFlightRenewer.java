package dev.camelredis.streams.consumer.background;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.ConsumerCounters;
import dev.camelredis.streams.consumer.ConsumerHost;
import dev.camelredis.streams.consumer.ErrorBackoff;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XClaimParams;

/**
 * Keeps the entries this consumer holds from looking idle: XCLAIM ... JUSTID to the consumer that already holds them
 * resets their idle time without counting a delivery. Run at about half of claimMinIdleTime, it keeps other
 * consumers' reclaimers away from a slow but healthy exchange. A run that fails is tried again soon, not a whole period
 * later: by then the entries could have been idle for claimMinIdleTime.
 *
 * <p>Not forever: an entry held longer than maxRenewalTime (an exchange whose completion never runs, an ack() never
 * called) is given up: no longer renewed nor held, its slot freed, so that a reclaimer (this consumer's or another's)
 * can deliver it again after claimMinIdleTime. A completion that comes later changes nothing.
 */
public final class InFlightRenewer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightRenewer.class);

    private final ConsumerHost consumer;
    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final DeliveryLedger ledger;
    private final boolean renewing;
    private final long maxRenewalMillis;
    private final ConsumerCounters counters;
    private final ErrorBackoff backoff;
    private final Runnable connectionLost;
    private ScheduledExecutorService scheduler;
    private long periodMillis;

    /**
     * @param renewing         false to give up stuck entries only (renewInFlight=false or no reclaiming)
     * @param maxRenewalMillis 0 to renew forever
     * @param connectionLost   told when a renewal could not reach Redis (the key's reclaimer then holds back)
     */
    public InFlightRenewer(ConsumerHost consumer, UnifiedJedis client, String streamKey, String group,
                    DeliveryLedger ledger, boolean renewing, long maxRenewalMillis, ConsumerCounters counters,
                    ErrorBackoff backoff, Runnable connectionLost) {
        this.consumer = consumer;
        this.client = client;
        this.streamKey = streamKey;
        this.group = group;
        this.ledger = ledger;
        this.renewing = renewing;
        this.maxRenewalMillis = maxRenewalMillis;
        this.counters = counters;
        this.backoff = backoff;
        this.connectionLost = connectionLost;
    }

    /**
     * Runs every periodMillis on the scheduler until it shuts down; after a failed run, sooner.
     */
    public void start(ScheduledExecutorService scheduler, long periodMillis) {
        this.scheduler = scheduler;
        this.periodMillis = periodMillis;
        runAfter(periodMillis);
    }

    @Override
    public void run() {
        runAfter(renew());
    }

    /** Each run schedules the next: one chain, so that a retry never runs beside a regular run. */
    private void runAfter(long millis) {
        try {
            scheduler.schedule(this, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the consumer stops: no more renewals
        }
    }

    /**
     * @return the milliseconds until the next run: the period, or after Redis failed the renewal the backoff's delay,
     *         within a quarter of the period
     */
    private long renew() {
        // nothing may escape: the chain of runs would end
        try {
            List<DeliveryLedger.Held> givenUp = new ArrayList<>();
            Map<String, List<StreamEntryID>> held = ledger.toRenew(maxRenewalMillis, givenUp);
            giveUp(givenUp);
            if (renewing) {
                for (Map.Entry<String, List<StreamEntryID>> entries : held.entrySet()) {
                    client.xclaimJustId(streamKey, group, entries.getKey(), 0, XClaimParams.xClaimParams(),
                            entries.getValue().toArray(new StreamEntryID[0]));
                }
            }
            backoff.onSuccess();
            return periodMillis;
        } catch (RuntimeException e) {
            if (RedisErrors.isConnectionFailure(e)) {
                connectionLost.run();
            }
            long delay = backoff.onFailure(RedisErrors.describe(e, consumer.describe(), streamKey, group));
            return Math.max(1, Math.min(delay, periodMillis / 4));
        } catch (Throwable e) {
            LOG.error("Renewer of {} failed unexpectedly, it runs again on schedule", streamKey, e);
            backoff.onFailure(new RedisStreamsException("Renewer of " + consumer.describe() + " failed: " + e, e));
            return periodMillis;
        }
    }

    private void giveUp(List<DeliveryLedger.Held> givenUp) {
        for (DeliveryLedger.Held entry : givenUp) {
            counters.givenUp();
            entry.freeSlot();
            LOG.warn("Entry {} of {} was taken {} ms ago and {} (maxRenewalTime={} ms): it is"
                     + " no longer renewed, its slot is freed, and a reclaimer delivers it again after claimMinIdleTime."
                     + " Look for a route that never completes its exchanges (a full seda queue with discardWhenFull, an"
                     + " asynchronous call that never answers) or never calls ack()",
                    entry.id(), streamKey, System.currentTimeMillis() - entry.takenAtMillis(),
                    entry.completed() ? "its exchange completed without calling ack()"
                            : "its exchange has not completed", maxRenewalMillis);
        }
    }
}
