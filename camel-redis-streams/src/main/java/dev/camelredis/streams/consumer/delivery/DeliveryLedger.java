package dev.camelredis.streams.consumer.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import redis.clients.jedis.StreamEntryID;

/**
 * The one owner of what a consumer knows about each entry of one stream key it took, from the read to the XACK. The
 * readers, the walk of the own pending entries, the reclaimer, the renewer, the ack path and the stop all ask and tell
 * it, so that none acts on a view older than another's.
 *
 * <p>An entry is held from the moment it is taken ({@link Stage#TAKEN}: read or claimed, routed or waiting for a slot)
 * through {@link Stage#DONE} (its exchange completed; its XACK is queued or, with ackMode=MANUAL, awaited) until Redis
 * confirmed its XACK or its dead letter. Held entries are never taken a second time and are renewed; they count
 * against the bound on unacknowledged entries.
 *
 * <p>A read of pending entries (the walk, a reclaim pass) is a snapshot: between its reply and the moment an entry is
 * offered here, the entry may have been acknowledged. So every such read opens a snapshot first, and an entry
 * acknowledged after that snapshot opened is refused from it: it is remembered ("settled") exactly as long as a
 * snapshot older than its acknowledgement is open.
 *
 * <p>It also knows which deliveries Redis counted that no route here saw: a read or claim whose reply a connection
 * failure lost leaves its entries pending for that consumer name with one delivery more than their routes got. The
 * next take of such an entry does not count another (see {@link #accountForLostDelivery}), until that consumer name's walk of
 * its own pending entries is complete.
 */
public final class DeliveryLedger {

    enum Stage { TAKEN, DONE }

    /**
     * One held entry. The slot is what the dispatcher gives back when the entry no longer runs here. Changed only
     * under the ledger's lock while held; read by whoever got it from the ledger once it is no longer held.
     */
    public static final class Held {
        private final StreamEntryID id;
        private final String consumerName;
        private final long takenAtMillis;
        private Stage stage = Stage.TAKEN;
        private boolean ackRequested;
        private Runnable slot;

        Held(StreamEntryID id, String consumerName, long takenAtMillis) {
            this.id = id;
            this.consumerName = consumerName;
            this.takenAtMillis = takenAtMillis;
        }

        public StreamEntryID id() {
            return id;
        }

        public long takenAtMillis() {
            return takenAtMillis;
        }

        /** Whether the exchange completed (the entry then waits for a manual ack()). */
        public boolean completed() {
            return stage == Stage.DONE;
        }

        /** Gives the entry's maxInFlight slot back, if it has one. */
        public void freeSlot() {
            if (slot != null) {
                slot.run();
            }
        }
    }

    private final Map<EntryKey, Held> held = new HashMap<>();
    /** Entries acknowledged or dead-lettered while a snapshot was open, with the stamp of that moment. */
    private final Map<EntryKey, Long> settled = new HashMap<>();
    /** Open snapshots by stamp, with how many share it. */
    private final TreeMap<Long, Integer> openSnapshots = new TreeMap<>();
    private long clock;
    /** Deliveries that may have been lost, by the consumer name they went to. */
    private final Map<String, LostDeliveries> lost = new HashMap<>();

    /** What replies one consumer name may have lost since its last complete walk of its own pending entries. */
    private static final class LostDeliveries {
        /** A lost {@code >} read delivered only entries after this ID; null when no such read was lost. */
        private EntryKey newReadAfter;
        /** The delivery count each entry of a lost claim shows if that claim went through. */
        private final Map<EntryKey, Long> claimCounts = new HashMap<>();
        /** Entries taken again since without counting their lost delivery: it is accounted for. */
        private final Set<EntryKey> accountedFor = new HashSet<>();
    }

    /**
     * Starts a read of pending entries; pass the stamp to {@link #takeFromSnapshot} and then to
     * {@link #closeSnapshot}.
     */
    public synchronized long openSnapshot() {
        long stamp = ++clock;
        openSnapshots.merge(stamp, 1, Integer::sum);
        return stamp;
    }

    public synchronized void closeSnapshot(long stamp) {
        openSnapshots.computeIfPresent(stamp, (s, n) -> n == 1 ? null : n - 1);
        if (openSnapshots.isEmpty()) {
            settled.clear();
        } else {
            long oldest = openSnapshots.firstKey();
            settled.values().removeIf(settledAt -> settledAt < oldest);
        }
    }

    /**
     * Takes the entries a {@code >} read delivered for the first time (no snapshot can be older than that), under one
     * lock.
     *
     * @return those that were not held already, in the order given
     */
    public synchronized List<Delivery> takeNew(List<Delivery> read) {
        long now = System.currentTimeMillis();
        List<Delivery> taken = new ArrayList<>(read.size());
        for (Delivery delivery : read) {
            StreamEntryID id = delivery.id();
            if (held.putIfAbsent(EntryKey.of(id), new Held(id, delivery.consumerName(), now)) == null) {
                taken.add(delivery);
            }
        }
        return taken;
    }

    /**
     * Whether a pending entry seen in the snapshot may be taken: it is neither held nor settled since.
     */
    public synchronized boolean isFree(StreamEntryID id, long snapshot) {
        EntryKey key = EntryKey.of(id);
        Long settledAt = settled.get(key);
        return !held.containsKey(key) && (settledAt == null || settledAt < snapshot);
    }

    /**
     * Takes a pending entry seen in the snapshot.
     *
     * @return false when it is held, or was acknowledged after the snapshot opened
     */
    public synchronized boolean takeFromSnapshot(StreamEntryID id, String consumerName, long snapshot) {
        if (!isFree(id, snapshot)) {
            return false;
        }
        held.put(EntryKey.of(id), new Held(id, consumerName, System.currentTimeMillis()));
        return true;
    }

    /** Remembers what gives the entry's slot back. */
    public synchronized void routing(StreamEntryID id, Runnable slot) {
        Held entry = held.get(EntryKey.of(id));
        if (entry != null) {
            entry.slot = slot;
        }
    }

    /**
     * The exchange completed successfully.
     *
     * @return whether the entry's XACK is to be sent now: false while a manual ack() is awaited, or when the entry is no
     *         longer held (given up after maxRenewalTime)
     */
    public synchronized boolean completed(StreamEntryID id, boolean ackNow) {
        Held entry = held.get(EntryKey.of(id));
        if (entry == null) {
            return false;
        }
        entry.stage = Stage.DONE;
        return ackNow || entry.ackRequested;
    }

    /**
     * A manual ack(): the XACK is sent now when the exchange completed already, else when it completes successfully.
     *
     * @return whether to send the XACK now
     */
    public synchronized boolean ackRequested(StreamEntryID id) {
        Held entry = held.get(EntryKey.of(id));
        if (entry == null) {
            return false;
        }
        entry.ackRequested = true;
        return entry.stage == Stage.DONE;
    }

    public synchronized boolean isHeld(StreamEntryID id) {
        return held.containsKey(EntryKey.of(id));
    }

    /**
     * Lets go of an entry that stays pending in Redis (its exchange failed, or was never started): it may be taken
     * again, by this consumer or another.
     */
    public synchronized void release(StreamEntryID id) {
        if (held.remove(EntryKey.of(id)) != null) {
            notifyAll();
        }
    }

    /**
     * Redis confirmed the XACK (or the dead letter) of these entries.
     */
    public synchronized void settled(List<StreamEntryID> ids) {
        boolean remember = !openSnapshots.isEmpty();
        long stamp = ++clock;
        for (StreamEntryID id : ids) {
            EntryKey key = EntryKey.of(id);
            held.remove(key);
            if (remember) {
                settled.put(key, stamp);
            }
        }
        notifyAll();
    }

    /**
     * A {@code >} read of consumerName failed so that its reply may be lost: Redis may have delivered entries after
     * lastReadId (null: any) that will never reach a route.
     */
    public synchronized void newReadLost(String consumerName, StreamEntryID lastReadId) {
        LostDeliveries ofConsumer = lost.computeIfAbsent(consumerName, name -> new LostDeliveries());
        EntryKey after = lastReadId == null ? EntryKey.BEFORE_ALL : EntryKey.of(lastReadId);
        if (ofConsumer.newReadAfter == null || after.compareTo(ofConsumer.newReadAfter) < 0) {
            ofConsumer.newReadAfter = after;
        }
    }

    /**
     * A claim for consumerName failed: Redis may or may not have executed it.
     *
     * @param countsIfClaimed the delivery count each entry shows if the claim went through
     */
    public synchronized void claimLost(String consumerName, Map<StreamEntryID, Long> countsIfClaimed) {
        LostDeliveries ofConsumer = lost.computeIfAbsent(consumerName, name -> new LostDeliveries());
        countsIfClaimed.forEach((id, count) -> ofConsumer.claimCounts.put(EntryKey.of(id), count));
    }

    /**
     * Whether the last delivery Redis counted for this pending entry of consumerName reached no route: a lost
     * {@code >} read shows count 1 on an entry after the read's start, a lost claim the count it would set. The caller
     * takes the entry without counting another delivery, so from then on that one is accounted for.
     */
    public synchronized boolean accountForLostDelivery(String consumerName, StreamEntryID id, long deliveredTimes) {
        LostDeliveries ofConsumer = lost.get(consumerName);
        if (ofConsumer == null) {
            return false;
        }
        EntryKey key = EntryKey.of(id);
        Long claimCount = ofConsumer.claimCounts.remove(key);
        boolean lostDelivery = claimCount != null ? claimCount == deliveredTimes
                : !ofConsumer.accountedFor.contains(key) && ofConsumer.newReadAfter != null && deliveredTimes == 1
                  && key.compareTo(ofConsumer.newReadAfter) > 0;
        if (lostDelivery) {
            ofConsumer.accountedFor.add(key);
        }
        return lostDelivery;
    }

    /**
     * Forgets the lost deliveries of consumerName: once it walked all its pending entries (each lost one was taken, and
     * counted as lost, then), or when entries of other consumers were moved to it without a delivery (a shard
     * take-over), after which a count of 1 no longer tells a lost read apart.
     */
    public synchronized void forgetLostDeliveries(String consumerName) {
        lost.remove(consumerName);
    }

    public synchronized int size() {
        return held.size();
    }

    /**
     * The held entries to renew, by the consumer name that holds them; entries held longer than maxRenewalMillis are
     * left out and handed to {@code givenUp} instead, no longer held.
     *
     * @param maxRenewalMillis 0 to renew forever
     */
    public synchronized Map<String, List<StreamEntryID>> toRenew(long maxRenewalMillis, List<Held> givenUp) {
        long now = System.currentTimeMillis();
        Map<String, List<StreamEntryID>> byConsumer = new HashMap<>();
        for (var it = held.values().iterator(); it.hasNext(); ) {
            Held entry = it.next();
            if (maxRenewalMillis > 0 && now - entry.takenAtMillis >= maxRenewalMillis) {
                it.remove();
                givenUp.add(entry);
            } else {
                byConsumer.computeIfAbsent(entry.consumerName, name -> new ArrayList<>()).add(entry.id);
            }
        }
        if (!givenUp.isEmpty()) {
            notifyAll();
        }
        return byConsumer;
    }

    /**
     * Waits until fewer than limit entries are held.
     *
     * @return false when that did not happen within timeoutMillis
     */
    public synchronized boolean awaitBelow(int limit, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (long left = timeoutMillis; held.size() >= limit; left = deadline - System.currentTimeMillis()) {
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
