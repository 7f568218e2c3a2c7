package dev.camelredis.streams.consumer.background;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.camelredis.streams.consumer.ConsumerCounters;
import dev.camelredis.streams.consumer.delivery.Delivery;
import dev.camelredis.streams.consumer.delivery.DeliveryLedger;
import dev.camelredis.streams.consumer.delivery.PendingTakeOver;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Takes over entries of one stream key that have been pending in the group for longer than claimMinIdleTime, whoever
 * holds them (a crashed or hung consumer, or an exchange of ours that failed). The readers call it between two reads,
 * so claimed entries are routed by the reader threads, through the same dispatcher, bound and ack path as new ones:
 * a slow reclaimed exchange holds up its own reader only, never the reclaiming of another key.
 *
 * <p>A pass lists idle entries with XPENDING (no delivery counted), page by page from a cursor kept from one call to
 * the next, and hands each page to {@link PendingTakeOver}, which decides entry by entry. Entries this consumer holds
 * are skipped: with renewInFlight their idle time never reaches claimMinIdleTime anyway.
 *
 * <p>After this consumer lost its connection (its readers' or its renewer's), no pass starts until the readers read
 * again and a renewal period passed: Redis was likely out of reach for every consumer, whose renewals failed
 * meanwhile, so the entries they still run may look idle once it is back. Their renewers retry within a quarter of that
 * period and get there first. A consumer that just started waits that period too: it cannot tell whether Redis just
 * came back.
 */
public final class Reclaimer {

    private static final String PASS_START = "-";

    private final UnifiedJedis client;
    private final String streamKey;
    private final String group;
    private final long minIdleMillis;
    private final long intervalMillis;
    private final int claimCount;
    private final DeliveryLedger ledger;
    private final PendingTakeOver takeOver;
    private final ConsumerCounters counters;
    private final long outageGraceMillis;
    private final ReentrantLock passLock = new ReentrantLock();

    private String cursor = PASS_START;
    private volatile long nextPassMillis;
    /** Between a lost connection (a reader's or the renewer's) and the readers' next successful read. */
    private volatile boolean connectionLost;

    /**
     * @param outageGraceMillis how long after the start, and after a lost connection came back, the next pass waits:
     *                          the renewal period, 0 without renewals
     */
    public Reclaimer(UnifiedJedis client, String streamKey, String group, long minIdleMillis, long intervalMillis,
              int claimCount, long outageGraceMillis, DeliveryLedger ledger, PendingTakeOver takeOver,
              ConsumerCounters counters) {
        this.client = client;
        this.streamKey = streamKey;
        this.group = group;
        this.minIdleMillis = minIdleMillis;
        this.intervalMillis = intervalMillis;
        this.claimCount = claimCount;
        this.outageGraceMillis = outageGraceMillis;
        this.ledger = ledger;
        this.takeOver = takeOver;
        this.counters = counters;
        this.nextPassMillis = System.currentTimeMillis() + Math.max(intervalMillis, outageGraceMillis);
    }

    /** How long a reader may block before the next page is due. */
    public long millisUntilDue() {
        return connectionLost ? Long.MAX_VALUE : Math.max(0, nextPassMillis - System.currentTimeMillis());
    }

    /** A reader or the renewer could not reach Redis: no pass until {@link #connectionBack}. */
    public void connectionLost() {
        connectionLost = true;
    }

    /** A reader read again: after a lost connection, the next pass comes a renewal period later. */
    public void connectionBack() {
        if (connectionLost) {
            nextPassMillis = System.currentTimeMillis() + Math.max(intervalMillis, outageGraceMillis);
            connectionLost = false;
        }
    }

    /**
     * Claims the next page for consumerName when one is due and no other reader of the key is at it.
     *
     * @param room how many entries the reader can start now
     * @return the claimed entries to route, held in the ledger
     */
    public List<Delivery> claimIfDue(String consumerName, int room) {
        if (room == 0 || millisUntilDue() > 0 || !passLock.tryLock()) {
            return List.of();
        }
        long snapshot = ledger.openSnapshot();
        try {
            int count = Math.min(claimCount, room);
            String from = cursor.equals(PASS_START) ? PASS_START : "(" + cursor;
            List<StreamPendingEntry> idle = client.xpending(streamKey, group,
                    XPendingParams.xPendingParams(from, "+", count).idle(minIdleMillis));
            if (idle.size() < count) {
                // the pass is complete: the next one starts over after claimInterval
                cursor = PASS_START;
                nextPassMillis = System.currentTimeMillis() + intervalMillis;
            } else {
                cursor = idle.get(idle.size() - 1).getID().toString();
            }
            List<Delivery> claimed = takeOver.take(idle, consumerName, snapshot);
            counters.reclaimed(claimed.size());
            return claimed;
        } catch (RuntimeException e) {
            cursor = PASS_START;
            throw e;
        } finally {
            ledger.closeSnapshot(snapshot);
            passLock.unlock();
        }
    }

    /**
     * After a failure: the next pass starts over in delayMillis (the failure's backoff), or after claimInterval when
     * that is longer.
     */
    public void restartPass(long delayMillis) {
        cursor = PASS_START;
        nextPassMillis = System.currentTimeMillis() + Math.max(intervalMillis, delayMillis);
    }

}
