package dev.camelredis.streams.consumer.delivery;

import java.util.Map;

import dev.camelredis.testservice.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The dead-letter script moves an entry only while it is still pending with the delivery count its caller saw: two
 * consumers racing for the same poison entry write one dead letter.
 */
class DeadLettersTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void anEntryNoLongerPendingIsNotDeadLetteredAgain() {
        try (RedisClient redis = REDIS.server().newClient()) {
            String key = "dlq-race:" + System.nanoTime();
            StreamEntryID id = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "poison"));
            redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
            redis.xreadGroup("g", "c", XReadGroupParams.xReadGroupParams().count(1),
                    Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            DeadLetters deadLetters = new DeadLetters(redis, key, "g", key + ":dlq");

            assertEquals(DeadLetters.Outcome.MOVED, deadLetters.move(id, "c", 1, 1, null));
            // the second consumer saw the same entry pending a moment earlier
            assertEquals(DeadLetters.Outcome.NO_LONGER_PENDING, deadLetters.move(id, "c", 1, 1, null));

            assertEquals(1, redis.xlen(key + ":dlq"), "dead letters of one entry");
            assertEquals("poison", redis.xrange(key + ":dlq", (StreamEntryID) null, null).get(0).getFields().get("payload"));
            assertFalse(redis.xpending(key, "g").getTotal() > 0);
        }
    }

    @Test
    void anEntryClaimedSinceItWasSeenIsNotDeadLettered() {
        try (RedisClient redis = REDIS.server().newClient()) {
            String key = "dlq-claimed:" + System.nanoTime();
            StreamEntryID id = redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "poison"));
            redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
            redis.xreadGroup("g", "c", XReadGroupParams.xReadGroupParams().count(1),
                    Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            // another consumer claimed it for a new delivery after this one saw it delivered once
            redis.xclaim(key, "g", "other", 0, XClaimParams.xClaimParams(), id);

            assertEquals(DeadLetters.Outcome.NO_LONGER_PENDING,
                    new DeadLetters(redis, key, "g", key + ":dlq").move(id, "c", 1, 1, null));
            assertFalse(redis.exists(key + ":dlq"));
            assertEquals(1, redis.xpending(key, "g").getTotal());
        }
    }
}
