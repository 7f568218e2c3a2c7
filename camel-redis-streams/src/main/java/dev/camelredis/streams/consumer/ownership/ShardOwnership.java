package dev.camelredis.streams.consumer.ownership;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.camelredis.streams.connection.RedisErrors;
import dev.camelredis.streams.consumer.ConsumerHost;
import dev.camelredis.streams.consumer.ErrorBackoff;
import dev.camelredis.streams.consumer.ShardConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Gives each shard of a group to one consumer at a time, spread evenly over the live consumers. Consumers announce
 * themselves in a sorted set (score: when their membership expires); shard i belongs to the live member at position
 * i modulo their number, in name order, so every member computes the same assignment. A member reads a shard only
 * while it holds the shard's lease; it lets go of a shard that now belongs to another member once its entries in
 * flight are processed and acknowledged, and a dead member's leases and membership simply expire.
 */
public final class ShardOwnership implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardOwnership.class);

    private final ConsumerHost consumer;
    private final UnifiedJedis client;
    private final String membersKey;
    private final String member;
    private final long leaseMillis;
    private final List<ShardConsumer> shards;
    private final List<ShardLease> leases = new ArrayList<>();
    private final ExecutorService readerPool;
    private final ExecutorService handoverPool;
    /** Shards being let go of, by index: their lease is kept until their last entries are acknowledged. */
    private final Map<Integer, Future<?>> handovers = new ConcurrentHashMap<>();
    private final ErrorBackoff backoff;

    /**
     * @param handoverPool runs hand-overs, which wait for exchanges, so that the rounds (and lease renewals) go on
     */
    public ShardOwnership(ConsumerHost consumer, UnifiedJedis client, String streamKey, String group, String member,
                   long leaseMillis, List<ShardConsumer> shards, ExecutorService readerPool, ExecutorService handoverPool,
                   ErrorBackoff backoff) {
        this.consumer = consumer;
        this.client = client;
        this.membersKey = streamKey + ":members:" + group;
        this.member = member;
        this.leaseMillis = leaseMillis;
        this.shards = shards;
        this.readerPool = readerPool;
        this.handoverPool = handoverPool;
        this.backoff = backoff;
        for (ShardConsumer shard : shards) {
            leases.add(new ShardLease(client, shard.streamKey(), group));
        }
    }

    /**
     * One round: renew the membership, then take, keep or hand over each shard.
     */
    @Override
    public void run() {
        try {
            List<String> members = liveMembers();
            int position = members.indexOf(member);
            for (int i = 0; i < shards.size() && consumer.isRunAllowed(); i++) {
                boolean mine = i % members.size() == position;
                ShardConsumer shard = shards.get(i);
                ShardLease lease = leases.get(i);
                Future<?> handover = handovers.get(i);
                if (handover != null) {
                    if (handover.isDone()) {
                        handovers.remove(i);
                    } else {
                        lease.renew(member, leaseMillis);
                    }
                } else if (mine && !shard.isActive()) {
                    take(shard, lease);
                } else if (mine && !lease.renew(member, leaseMillis)) {
                    LOG.warn("Lost the lease of {} (a pause longer than the lease?): stopping to read it", shard.streamKey());
                    handovers.put(i, handoverPool.submit(() -> letGo(shard, null)));
                } else if (!mine && shard.isActive()) {
                    handovers.put(i, handoverPool.submit(() -> letGo(shard, lease)));
                }
            }
            backoff.onSuccess();
        } catch (RuntimeException e) {
            backoff.onFailure(RedisErrors.describe(e, consumer.describe(), membersKey, null));
        }
    }

    private List<String> liveMembers() {
        long now = System.currentTimeMillis();
        client.zadd(membersKey, now + leaseMillis, member);
        client.zremrangeByScore(membersKey, Double.NEGATIVE_INFINITY, now);
        client.pexpire(membersKey, leaseMillis * 10);
        // by name, not by score: the scores move with every heartbeat, the assignment must not
        List<String> members = new ArrayList<>(client.zrange(membersKey, 0, -1));
        Collections.sort(members);
        return members;
    }

    private void take(ShardConsumer shard, ShardLease lease) {
        if (shard.readersStillRunning()) {
            LOG.debug("{} waits for the last reader of {} to finish before reading it again", member, shard.streamKey());
            return;
        }
        if (!lease.acquire(member, leaseMillis)) {
            return;
        }
        long taken = 0;
        try {
            taken = shard.takeOverPending();
        } catch (RuntimeException e) {
            if (!RedisErrors.isNoGroup(e)) {
                lease.release(member);
                throw e;
            }
        }
        LOG.info("{} now reads {}{}", member, shard.streamKey(), taken > 0 ? " and took over " + taken + " pending entries" : "");
        shard.activate(readerPool);
    }

    /**
     * Stops reading a shard and, once what was read is processed and acknowledged, releases its lease (if still ours)
     * so that the next owner starts right after the last entry finished here.
     */
    private void letGo(ShardConsumer shard, ShardLease lease) {
        try {
            if (shard.deactivate(System.currentTimeMillis() + leaseMillis * 10)) {
                if (lease != null) {
                    lease.release(member);
                }
                LOG.info("{} handed {} over", member, shard.streamKey());
            } else {
                // the lease expires by itself; the next owner takes over what is still pending
                LOG.warn("{} could not finish {} in time before handing it over", member, shard.streamKey());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a hand-over runs apart from the rounds, which would never see this: the lease expires by itself
            LOG.warn("{} could not release the lease of {}, the next owner takes over when it expires: {}", member,
                    shard.streamKey(), RedisErrors.describe(e, consumer.describe(), shard.streamKey(), null)
                            .getMessage());
        }
    }

    /**
     * Lets go of every shard (the consumer stops): its entries are processed and acknowledged by then.
     */
    public void leave() {
        for (int i = 0; i < shards.size(); i++) {
            try {
                leases.get(i).release(member);
            } catch (RuntimeException e) {
                LOG.debug("Could not release the lease of {}: it expires by itself", shards.get(i).streamKey(), e);
            }
        }
        try {
            client.zrem(membersKey, member);
        } catch (RuntimeException e) {
            LOG.debug("Could not leave {}: the membership expires by itself", membersKey, e);
        }
    }
}
