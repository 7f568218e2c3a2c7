package dev.camelredis.streams.consumer.ownership;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.camelredis.streams.RedisStreamsException;
import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.ConsumerHost;
import dev.camelredis.streams.consumer.ErrorBackoff;
import dev.camelredis.streams.consumer.ShardConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Gives each shard of a group to one consumer instance at a time, spread evenly over the live instances. Instances
 * announce themselves in a sorted set (score: when their membership expires) under a token of their own, the
 * consumer name and a random instance id; shard i belongs to the live member at position i modulo their number, in
 * token order, so every member computes the same assignment.
 *
 * <p>A member reads a shard only while it holds the shard's lease. It gives a shard up (the assignment moved it, or
 * the consumer stops) in two steps: it stops reading it at once, and it keeps renewing the lease until everything it
 * took from the shard is processed and acknowledged; only then does it release the lease, so that the next owner, whose
 * take-over claims every pending entry of the shard, starts after the last entry finished here. A dead member's leases
 * and membership simply expire.
 *
 * <p>Each round treats each shard on its own: a shard that fails (a key of another type, say) is reported and retried
 * without holding up the others.
 */
public final class ShardOwnership implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardOwnership.class);

    /** Whom the assignment of this round gives a shard to. */
    private enum Assignment {
        THIS_MEMBER,
        ANOTHER_MEMBER,
        /** The members are not known (Redis failed), or this member leaves: no shard is taken. */
        NONE
    }

    /** One shard as this member sees it; touched by the rounds only, and after them by {@link #releaseSettled}. */
    private static final class OwnedShard {
        final ShardConsumer consumer;
        final ShardLease lease;
        final ErrorBackoff backoff;
        /** Not read any more, but the lease is kept until what was read from it is acknowledged. */
        volatile boolean givingUp;
        /** The lease was found taken or expired: said once. */
        boolean lost;
        /** When the last renewal that succeeded was sent. */
        long renewedAtNanos;

        OwnedShard(ShardConsumer consumer, ShardLease lease, ErrorBackoff backoff) {
            this.consumer = consumer;
            this.lease = lease;
            this.backoff = backoff;
        }

        String key() {
            return consumer.streamKey();
        }
    }

    private final ConsumerHost consumer;
    private final UnifiedJedis client;
    private final String group;
    private final String membersKey;
    private final String token;
    private final long leaseMillis;
    private final List<OwnedShard> shards = new ArrayList<>();
    private final ExecutorService readerPool;
    private final ErrorBackoff membershipBackoff;
    private volatile boolean leaving;

    /**
     * @param consumerName the consumer's name; the member token adds an id of this instance to it
     * @param backoff      a fresh backoff for the loop of the given name
     */
    public ShardOwnership(ConsumerHost consumer, UnifiedJedis client, String streamKey, String group,
                          String consumerName, long leaseMillis, List<ShardConsumer> shardConsumers,
                          ExecutorService readerPool, Function<String, ErrorBackoff> backoff) {
        this.consumer = consumer;
        this.client = client;
        this.group = group;
        this.membersKey = streamKey + ":members:" + group;
        this.token = consumerName + "#" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseMillis = leaseMillis;
        this.readerPool = readerPool;
        this.membershipBackoff = backoff.apply("shard membership " + membersKey);
        for (ShardConsumer shard : shardConsumers) {
            shards.add(new OwnedShard(shard, new ShardLease(client, shard.streamKey(), group, token, leaseMillis),
                    backoff.apply("shard ownership " + shard.streamKey() + "/" + group)));
        }
    }

    /**
     * One round: renew the membership, then take, keep or give up each shard.
     */
    @Override
    public void run() {
        List<String> members = null;
        if (leaving) {
            leaveMembership();
        } else {
            members = liveMembers();
        }
        for (int i = 0; i < shards.size(); i++) {
            OwnedShard shard = shards.get(i);
            try {
                round(shard, members == null ? Assignment.NONE
                        : i % members.size() == members.indexOf(token) ? Assignment.THIS_MEMBER : Assignment.ANOTHER_MEMBER);
                shard.backoff.onSuccess();
            } catch (RuntimeException | Error e) {
                // caught, Errors too: the scheduler would drop a round that throws, and with it every lease renewal
                shard.backoff.onFailure(describe(e, shard.key()));
            }
        }
    }

    private RedisStreamsException describe(Throwable error, String key) {
        return error instanceof RuntimeException runtime
                ? RedisErrors.describe(runtime, consumer.describe(), key, group)
                : new RedisStreamsException("Shard ownership of " + key + " failed: " + error, error);
    }

    /**
     * Takes the shard, keeps it, or gives it up: when it belongs to another member, when this member leaves, and when
     * the lease is lost. Without an assignment a held shard is kept.
     */
    private void round(OwnedShard shard, Assignment assignment) {
        if (shard.givingUp) {
            finishGivingUp(shard);
            return;
        }
        boolean reading = shard.consumer.isActive();
        if (reading && !renew(shard)) {
            LOG.warn("{} lost the lease of {} (a pause or an outage longer than the lease?): it stops reading it, and"
                     + " another consumer may process again what it is still processing", token, shard.key());
            shard.lost = true;
            giveUp(shard);
        } else if (reading && (leaving || assignment == Assignment.ANOTHER_MEMBER)) {
            giveUp(shard);
        } else if (!reading && assignment == Assignment.THIS_MEMBER) {
            take(shard);
        }
    }

    /**
     * @return false when the lease is not ours any more, or could not be renewed for a whole lease period (then
     *         another member may own it by now)
     */
    private boolean renew(OwnedShard shard) {
        long sentAt = System.nanoTime();
        try {
            if (!shard.lease.renew()) {
                return false;
            }
            shard.renewedAtNanos = sentAt;
            return true;
        } catch (RuntimeException e) {
            if (System.nanoTime() - shard.renewedAtNanos >= TimeUnit.MILLISECONDS.toNanos(leaseMillis)) {
                return false;
            }
            throw e;
        }
    }

    private List<String> liveMembers() {
        try {
            long now = System.currentTimeMillis();
            client.zadd(membersKey, now + leaseMillis, token);
            client.zremrangeByScore(membersKey, Double.NEGATIVE_INFINITY, now);
            client.pexpire(membersKey, leaseMillis * 10);
            // by token, not by score: the scores move with every heartbeat, the assignment must not
            List<String> members = new ArrayList<>(client.zrange(membersKey, 0, -1));
            Collections.sort(members);
            membershipBackoff.onSuccess();
            return members;
        } catch (RuntimeException | Error e) {
            membershipBackoff.onFailure(describe(e, membersKey));
            return null;
        }
    }

    private void take(OwnedShard shard) {
        long sentAt = System.nanoTime();
        if (!shard.lease.acquire()) {
            return;
        }
        shard.renewedAtNanos = sentAt;
        long taken = 0;
        try {
            taken = shard.consumer.takeOverPending();
        } catch (RuntimeException e) {
            if (!RedisErrors.isNoGroup(e)) {
                shard.lease.release();
                throw e;
            }
        }
        LOG.info("{} now reads {}{}", token, shard.key(), taken > 0 ? " and took over " + taken + " pending entries" : "");
        shard.consumer.activate(readerPool);
    }

    private void giveUp(OwnedShard shard) {
        shard.consumer.stopReading();
        shard.givingUp = true;
        finishGivingUp(shard);
    }

    /**
     * Releases the lease once the shard settled here, and renews it until then: a slow exchange keeps the shard from
     * the next owner, however long it takes.
     */
    private void finishGivingUp(OwnedShard shard) {
        if (shard.consumer.settled()) {
            shard.lease.release();
            shard.givingUp = false;
            shard.lost = false;
            LOG.info("{} handed {} over", token, shard.key());
        } else if (!renew(shard) && !shard.lost) {
            shard.lost = true;
            LOG.warn("{} lost the lease of {} while its last entries ran here: the next owner may process them again",
                    token, shard.key());
        }
    }

    /**
     * The consumer stops: from the next round on, this member leaves the membership, so that the others divide the
     * shards among themselves, and gives every shard up. The rounds go on renewing the leases until
     * {@link #releaseSettled}.
     */
    public void leave() {
        leaving = true;
    }

    /**
     * Sent by the rounds, so that no heartbeat of a round under way can come after it.
     */
    private void leaveMembership() {
        try {
            client.zrem(membersKey, token);
        } catch (RuntimeException e) {
            LOG.debug("Could not leave {}: the membership expires by itself", membersKey, e);
        }
    }

    /**
     * The last step of a stop, once the rounds ended and the acks were sent: releases the lease of every shard that
     * settled. A shard whose exchanges still run, or whose acks could not be sent, keeps its lease until it expires
     * after shardLeaseTime: releasing it would let the next owner claim and process those entries at once.
     */
    public void releaseSettled() {
        for (OwnedShard shard : shards) {
            if (!shard.givingUp && !shard.consumer.isActive()) {
                continue;
            }
            shard.consumer.stopReading();
            if (!shard.consumer.settled()) {
                LOG.warn("{} stops before the entries it took from {} were processed and acknowledged: its lease is left"
                         + " to expire after shardLeaseTime ({} ms) instead of being released, and the next owner"
                         + " processes those entries again", token, shard.key(), leaseMillis);
                continue;
            }
            try {
                shard.lease.release();
                shard.givingUp = false;
            } catch (RuntimeException e) {
                LOG.debug("Could not release the lease of {}: it expires by itself", shard.key(), e);
            }
        }
    }
}
