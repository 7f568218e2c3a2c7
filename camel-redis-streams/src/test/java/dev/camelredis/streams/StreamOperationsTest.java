package dev.camelredis.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamGroupInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each operation against a real Redis: what it does to the stream, and the plain Java value it returns in the body.
 */
class StreamOperationsTest extends RedisStreamsTestSupport {

    private ProducerTemplate producer;
    private String key;

    @BeforeEach
    void startProducer() throws Exception {
        producer = startContext().createProducerTemplate();
        key = uniqueKey("ops");
    }

    @Test
    void xlenCountsTheEntriesAndIsZeroForAMissingStream() {
        addEntries(key, 5);
        assertEquals(5L, run(key, RedisStreamsOperation.XLEN, Map.of()));
        assertEquals(0L, run(uniqueKey("missing"), RedisStreamsOperation.XLEN, Map.of()));
    }

    @Test
    void xrangeReturnsEntriesOldestFirstWithIdAndFields() {
        List<StreamEntryID> ids = addEntries(key, 5);

        List<Map<String, Object>> all = entries(run(key, RedisStreamsOperation.XRANGE, Map.of()));
        assertEquals(5, all.size());
        assertEquals(Map.of("id", ids.get(0).toString(), "fields", Map.of("n", "0", "payload", "entry-0")), all.get(0));

        List<Map<String, Object>> window = entries(run(key, RedisStreamsOperation.XRANGE, Map.of(
                RedisStreamsConstants.START, ids.get(1).toString(), RedisStreamsConstants.END, ids.get(3).toString(),
                RedisStreamsConstants.COUNT, "2")));
        assertEquals(List.of(ids.get(1).toString(), ids.get(2).toString()), idsOf(window), "from start, at most count");

        List<Map<String, Object>> exclusive = entries(run(key, RedisStreamsOperation.XRANGE,
                Map.of(RedisStreamsConstants.START, "(" + ids.get(3))));
        assertEquals(List.of(ids.get(4).toString()), idsOf(exclusive), "( excludes the start");
    }

    @Test
    void xrevrangeReturnsNewestFirstWithinTheSameStartAndEnd() {
        List<StreamEntryID> ids = addEntries(key, 5);

        List<Map<String, Object>> newest = entries(run(key, RedisStreamsOperation.XREVRANGE,
                Map.of(RedisStreamsConstants.COUNT, 2)));
        assertEquals(List.of(ids.get(4).toString(), ids.get(3).toString()), idsOf(newest));

        List<Map<String, Object>> window = entries(run(key, RedisStreamsOperation.XREVRANGE, Map.of(
                RedisStreamsConstants.START, ids.get(1).toString(), RedisStreamsConstants.END, ids.get(3).toString())));
        assertEquals(List.of(ids.get(3).toString(), ids.get(2).toString(), ids.get(1).toString()), idsOf(window),
                "Start is the low end and End the high end, as for XRANGE");
        assertEquals(Map.of("n", "3", "payload", "entry-3"), window.get(0).get("fields"));
    }

    @Test
    void xdelDeletesTheListedIdsOrTheMessageId() {
        List<StreamEntryID> ids = addEntries(key, 5);

        assertEquals(2L, run(key, RedisStreamsOperation.XDEL,
                Map.of(RedisStreamsConstants.IDS, List.of(ids.get(0).toString(), ids.get(1)))));
        assertEquals(1L, run(key, RedisStreamsOperation.XDEL, Map.of(RedisStreamsConstants.MESSAGE_ID, ids.get(2).toString())));
        assertEquals(1L, run(key, RedisStreamsOperation.XDEL,
                Map.of(RedisStreamsConstants.IDS, ids.get(3) + "," + ids.get(2))), "a comma-separated text; a gone ID counts 0");

        assertEquals(List.of(ids.get(4)), redis.xrange(key, "-", "+").stream().map(e -> e.getID()).toList());
    }

    @Test
    void xtrimByTheHeadersOrTheEndpointLimitAndReturnsHowManyWereRemoved() {
        List<StreamEntryID> ids = addEntries(key, 10);
        String exact = key + "?approximateTrimming=false";

        assertEquals(2L, run(exact, RedisStreamsOperation.XTRIM, Map.of(RedisStreamsConstants.MAX_LEN, 8)));
        assertEquals(3L, run(exact, RedisStreamsOperation.XTRIM, Map.of(RedisStreamsConstants.MIN_ID, ids.get(5).toString())));
        assertEquals(ids.get(5), redis.xrange(key, "-", "+", 1).get(0).getID(), "MINID keeps that ID and newer ones");

        assertEquals(2L, run(exact + "&maxLen=3", RedisStreamsOperation.XTRIM, Map.of()), "the option maxLen by default");
        assertEquals(3L, redis.xlen(key));
    }

    @Test
    void xtrimByTheEndpointMaxAgeRemovesOldEntries() {
        long old = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 4; i++) {
            redis.xadd(key, new StreamEntryID(old + i, 0), Map.of("payload", "old" + i));
        }
        addEntries(key, 2);
        assertEquals(4L, run(key + "?approximateTrimming=false&maxAge=10m", RedisStreamsOperation.XTRIM, Map.of()));
        assertEquals(2L, redis.xlen(key));
    }

    @Test
    void xpendingReturnsTheSummaryOrTheFilteredEntries() throws Exception {
        List<StreamEntryID> ids = groupWithPending(key, "g", 3, 2);

        Map<?, ?> summary = (Map<?, ?>) run(key + "?group=g", RedisStreamsOperation.XPENDING, Map.of());
        assertEquals(5L, summary.get("total"));
        assertEquals(ids.get(0).toString(), summary.get("minId"));
        assertEquals(ids.get(4).toString(), summary.get("maxId"));
        assertEquals(Map.of("c1", 3L, "c2", 2L), summary.get("consumers"));

        List<Map<String, Object>> all = entries(run(key + "?group=g", RedisStreamsOperation.XPENDING,
                Map.of(RedisStreamsConstants.COUNT, 10)));
        assertEquals(5, all.size());
        Map<String, Object> first = all.get(0);
        assertEquals(ids.get(0).toString(), first.get("id"));
        assertEquals("c1", first.get("consumer"));
        assertEquals(1L, first.get("deliveryCount"));
        assertInstanceOf(Long.class, first.get("idle"));

        List<Map<String, Object>> ofC2 = entries(run(key + "?group=g", RedisStreamsOperation.XPENDING, Map.of(
                RedisStreamsConstants.COUNT, 10, RedisStreamsConstants.CONSUMER_NAME, "c2")));
        assertEquals(List.of(ids.get(3).toString(), ids.get(4).toString()), idsOf(ofC2));

        List<Map<String, Object>> ranged = entries(run(key + "?group=g", RedisStreamsOperation.XPENDING, Map.of(
                RedisStreamsConstants.COUNT, 2, RedisStreamsConstants.START, ids.get(1).toString())));
        assertEquals(List.of(ids.get(1).toString(), ids.get(2).toString()), idsOf(ranged));

        Thread.sleep(50);
        assertEquals(5, entries(run(key + "?group=g", RedisStreamsOperation.XPENDING, Map.of(
                RedisStreamsConstants.COUNT, 10, RedisStreamsConstants.MIN_IDLE_TIME, "20ms"))).size());
        assertEquals(List.of(), run(key + "?group=g", RedisStreamsOperation.XPENDING, Map.of(
                RedisStreamsConstants.COUNT, 10, RedisStreamsConstants.MIN_IDLE_TIME, Duration.ofMinutes(5))));
    }

    @Test
    void xpendingOfAGroupWithNothingPendingIsAnEmptySummary() {
        addEntries(key, 1);
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        Map<?, ?> summary = (Map<?, ?>) run(key, RedisStreamsOperation.XPENDING, Map.of(RedisStreamsConstants.GROUP, "g"));
        assertEquals(0L, summary.get("total"));
        assertNull(summary.get("minId"));
        assertNull(summary.get("maxId"));
        assertEquals(Map.of(), summary.get("consumers"));
    }

    @Test
    void xclaimGivesPendingEntriesToTheConsumerAndReturnsThem() throws Exception {
        List<StreamEntryID> ids = groupWithPending(key, "g", 3, 0);

        List<Map<String, Object>> tooFresh = entries(run(key + "?group=g&consumerName=c2", RedisStreamsOperation.XCLAIM,
                Map.of(RedisStreamsConstants.IDS, List.of(ids.get(0).toString()), RedisStreamsConstants.MIN_IDLE_TIME, 60_000)));
        assertEquals(List.of(), tooFresh, "entries idle for less than the minimum stay where they are");

        List<Map<String, Object>> claimed = entries(run(key + "?group=g&consumerName=c2", RedisStreamsOperation.XCLAIM,
                Map.of(RedisStreamsConstants.IDS, List.of(ids.get(0).toString(), ids.get(1).toString()))));
        assertEquals(List.of(ids.get(0).toString(), ids.get(1).toString()), idsOf(claimed));
        assertEquals(Map.of("n", "0", "payload", "entry-0"), claimed.get(0).get("fields"));
        assertEquals(Map.of("c1", 1L, "c2", 2L), redis.xpending(key, "g").getConsumerMessageCount());

        List<Map<String, Object>> byHeader = entries(run(key + "?group=g&consumerName=c2", RedisStreamsOperation.XCLAIM,
                Map.of(RedisStreamsConstants.MESSAGE_ID, ids.get(2).toString(), RedisStreamsConstants.CONSUMER_NAME, "c3")));
        assertEquals(List.of(ids.get(2).toString()), idsOf(byHeader), "the header names the new owner");
        assertEquals(Map.of("c2", 2L, "c3", 1L), redis.xpending(key, "g").getConsumerMessageCount());
    }

    @Test
    void xinfoStreamDescribesTheStream() {
        List<StreamEntryID> ids = addEntries(key, 3);
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);
        redis.xdel(key, ids.get(1));

        Map<?, ?> info = (Map<?, ?>) run(key, RedisStreamsOperation.XINFO_STREAM, Map.of());
        assertEquals(List.of("length", "radixTreeKeys", "radixTreeNodes", "groups", "lastGeneratedId", "maxDeletedEntryId",
                "entriesAdded", "recordedFirstEntryId", "firstEntry", "lastEntry"), List.copyOf(info.keySet()));
        assertEquals(2L, info.get("length"));
        assertEquals(1L, info.get("groups"));
        assertEquals(ids.get(2).toString(), info.get("lastGeneratedId"));
        assertEquals(ids.get(1).toString(), info.get("maxDeletedEntryId"));
        assertEquals(3L, info.get("entriesAdded"));
        assertEquals(ids.get(0).toString(), info.get("recordedFirstEntryId"));
        assertEquals(Map.of("id", ids.get(0).toString(), "fields", Map.of("n", "0", "payload", "entry-0")), info.get("firstEntry"));
        assertEquals(ids.get(2).toString(), ((Map<?, ?>) info.get("lastEntry")).get("id"));

        CamelExecutionException missing = assertThrows(CamelExecutionException.class,
                () -> run(uniqueKey("missing"), RedisStreamsOperation.XINFO_STREAM, Map.of()));
        assertTrue(missing.getCause().getMessage().startsWith("XINFO_STREAM failed."), missing.getCause().getMessage());
    }

    @Test
    void xinfoGroupsListsTheGroupsWithPendingAndLag() {
        List<StreamEntryID> ids = groupWithPending(key, "g", 2, 0);
        addEntries(key, 1);
        redis.xgroupCreate(key, "late", StreamEntryID.XGROUP_LAST_ENTRY, false);

        List<Map<String, Object>> groups = entries(run(key, RedisStreamsOperation.XINFO_GROUPS, Map.of()));
        assertEquals(2, groups.size());
        Map<String, Object> g = groups.get(0);
        assertEquals(List.of("name", "consumers", "pending", "lastDeliveredId", "entriesRead", "lag"), List.copyOf(g.keySet()));
        assertEquals("g", g.get("name"));
        assertEquals(1L, g.get("consumers"));
        assertEquals(2L, g.get("pending"));
        assertEquals(ids.get(1).toString(), g.get("lastDeliveredId"));
        assertEquals(2L, g.get("entriesRead"));
        assertEquals(1L, g.get("lag"), "one entry added after the reads");
        assertEquals("late", groups.get(1).get("name"));
        assertEquals(0L, groups.get(1).get("lag"));
    }

    @Test
    void xinfoConsumersListsTheConsumersOfTheGroup() {
        groupWithPending(key, "g", 3, 1);

        List<Map<String, Object>> consumers = entries(run(key + "?group=g", RedisStreamsOperation.XINFO_CONSUMERS, Map.of()));
        assertEquals(List.of("c1", "c2"), consumers.stream().map(c -> c.get("name")).toList());
        assertEquals(List.of("name", "pending", "idle", "inactive"), List.copyOf(consumers.get(0).keySet()));
        assertEquals(3L, consumers.get(0).get("pending"));
        assertEquals(1L, consumers.get(1).get("pending"));
        assertInstanceOf(Long.class, consumers.get(0).get("idle"));
    }

    @Test
    void xgroupCreateCreatesOnceAndMakesTheStreamUnlessTold() {
        addEntries(key, 3);
        assertEquals(true, run(key + "?group=g", RedisStreamsOperation.XGROUP_CREATE,
                Map.of(RedisStreamsConstants.START_ID, "0")));
        assertEquals(false, run(key + "?group=g", RedisStreamsOperation.XGROUP_CREATE, Map.of()),
                "an existing group is left as it was");
        StreamGroupInfo g = redis.xinfoGroups(key).get(0);
        assertEquals(new StreamEntryID(0, 0), g.getLastDeliveredId(), "the second create did not move it to $");

        assertEquals(true, run(key + "?group=h", RedisStreamsOperation.XGROUP_CREATE, Map.of()));
        assertEquals(redis.xinfoStream(key).getLastGeneratedId(), redis.xinfoGroups(key).get(1).getLastDeliveredId(),
                "startId defaults to $");

        String fresh = uniqueKey("fresh");
        assertEquals(true, run(fresh + "?group=g", RedisStreamsOperation.XGROUP_CREATE, Map.of()));
        assertEquals(0L, redis.xlen(fresh), "MKSTREAM by default");

        String other = uniqueKey("fresh");
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(other + "?group=g", RedisStreamsOperation.XGROUP_CREATE, Map.of(RedisStreamsConstants.MK_STREAM, "false")));
        assertTrue(e.getCause().getMessage().contains("XGROUP_CREATE failed"), e.getCause().getMessage());
        assertFalse(redis.exists(other));
    }

    @Test
    void xgroupSetIdMovesTheGroupAndNeedsTheId() {
        List<StreamEntryID> ids = addEntries(key, 3);
        redis.xgroupCreate(key, "g", StreamEntryID.XGROUP_LAST_ENTRY, false);

        assertEquals(true, run(key + "?group=g", RedisStreamsOperation.XGROUP_SETID,
                Map.of(RedisStreamsConstants.START_ID, ids.get(0).toString())));
        assertEquals(ids.get(0), redis.xinfoGroups(key).get(0).getLastDeliveredId());

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(key + "?group=g", RedisStreamsOperation.XGROUP_SETID, Map.of()));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("set the header " + RedisStreamsConstants.START_ID),
                e.getCause().getMessage());
        assertEquals(ids.get(0), redis.xinfoGroups(key).get(0).getLastDeliveredId(), "not moved to a default");
    }

    @Test
    void xgroupDestroyIsRefusedWhilePendingEntriesWouldBeLostUnlessForced() {
        groupWithPending(key, "busy", 2, 0);
        redis.xgroupCreate(key, "idle", new StreamEntryID(0, 0), false);

        assertEquals(true, run(key + "?group=idle", RedisStreamsOperation.XGROUP_DESTROY, Map.of()));
        assertEquals(false, run(key + "?group=idle", RedisStreamsOperation.XGROUP_DESTROY, Map.of()), "already gone");

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(key + "?group=busy", RedisStreamsOperation.XGROUP_DESTROY, Map.of()));
        String message = e.getCause().getMessage();
        assertTrue(message.contains("still has 2 pending entries") && message.contains("force=true"), message);
        assertEquals(2, pendingCount(key, "busy"), "nothing was deleted");

        assertEquals(true, run(key + "?group=busy&force=true", RedisStreamsOperation.XGROUP_DESTROY, Map.of()));
        assertEquals(List.of(), redis.xinfoGroups(key));
    }

    /** docs/operations.md: false is for a missing group of an existing stream; a missing stream is an error. */
    @Test
    void xgroupDestroyOfAMissingStreamFailsNamingTheStream() {
        String missing = uniqueKey("missing");

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(missing + "?group=g", RedisStreamsOperation.XGROUP_DESTROY, Map.of()));

        assertInstanceOf(RedisStreamsException.class, e.getCause());
        String message = e.getCause().getMessage();
        assertTrue(message.startsWith("XGROUP_DESTROY failed. Redis command on stream '" + missing + "'"), message);
        assertTrue(message.contains("requires the key to exist"), message);
        assertFalse(redis.exists(missing), "no stream was created");
    }

    @Test
    void xgroupDelConsumerIsRefusedWhilePendingEntriesWouldBeLostUnlessForced() {
        groupWithPending(key, "g", 3, 0);
        redis.xgroupCreateConsumer(key, "g", "empty");

        assertEquals(0L, run(key + "?group=g&consumerName=empty", RedisStreamsOperation.XGROUP_DELCONSUMER, Map.of()));

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(key + "?group=g", RedisStreamsOperation.XGROUP_DELCONSUMER,
                        Map.of(RedisStreamsConstants.CONSUMER_NAME, "c1")));
        assertInstanceOf(RedisStreamsException.class, e.getCause());
        String message = e.getCause().getMessage();
        assertTrue(message.contains("consumer 'c1'") && message.contains("still has 3 pending entries")
                   && message.contains("force=true") && message.contains("Nothing was deleted"), message);
        assertEquals(List.of("c1"), redis.xinfoConsumers2(key, "g").stream().map(c -> c.getName()).toList(),
                "the consumer is still there");
        assertEquals(3, pendingCount(key, "g"), "and so are its pending entries");

        assertEquals(3L, run(key + "?group=g&force=true", RedisStreamsOperation.XGROUP_DELCONSUMER,
                Map.of(RedisStreamsConstants.CONSUMER_NAME, "c1")), "returns the pending entries deleted with it");
        assertEquals(List.of(), redis.xinfoConsumers2(key, "g"));
        assertEquals(0, pendingCount(key, "g"));
    }

    @Test
    void theOptionOperationIsTheDefaultAndTheHeaderOverridesIt() {
        addEntries(key, 2);
        String lengths = "redis-streams:" + key + "?operation=XLEN";
        assertEquals(2L, producer.requestBody(lengths, "ignored"));

        Exchange appended = producer.request(lengths, e -> {
            e.getMessage().setBody("hello");
            e.getMessage().setHeader(RedisStreamsConstants.OPERATION, "xadd");
        });
        assertEquals("hello", appended.getMessage().getBody(), "XADD keeps the body");
        assertEquals(3L, redis.xlen(key));
        assertEquals(redis.xrevrange(key, "+", "-", 1).get(0).getID().toString(),
                appended.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID), "and returns the ID in a header");
    }

    @Test
    void operationsWorkFromARoute() throws Exception {
        groupWithPending(key, "g", 3, 0);
        addEntries(key, 2);
        redis.xgroupCreateConsumer(key, "g", "gone");
        ProducerTemplate template = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:lag")
                        .setHeader(RedisStreamsConstants.OPERATION, constant(RedisStreamsOperation.XINFO_GROUPS))
                        .to("redis-streams:" + key)
                        .setBody(simple("${body[0][lag]}"));
                // the cleanup example of docs/operations.md: only consumers without pending entries go
                from("direct:cleanup")
                        .to("redis-streams:" + key + "?operation=XINFO_CONSUMERS&group=g")
                        .split(body())
                            .filter(simple("${body[pending]} == 0 && ${body[idle]} >= 0"))
                                .setHeader(RedisStreamsConstants.CONSUMER_NAME, simple("${body[name]}"))
                                .to("redis-streams:" + key + "?operation=XGROUP_DELCONSUMER&group=g");
            }
        }).createProducerTemplate();

        assertEquals("2", template.requestBody("direct:lag", (Object) null, String.class), "the lag of group g, read by simple");
        template.sendBody("direct:cleanup", null);
        assertEquals(List.of("c1"), redis.xinfoConsumers2(key, "g").stream().map(c -> c.getName()).toList());
        assertEquals(3, pendingCount(key, "g"));
    }

    // bad arguments: the exchange fails with the header or option at fault, what it accepts and what to do

    @Test
    void xpendingWithoutAGroupNamesTheOptionAndTheHeader() {
        addEntries(key, 1);
        String message = failure(key, RedisStreamsOperation.XPENDING, Map.of());
        assertTrue(message.contains("XPENDING needs a consumer group") && message.contains("option group")
                   && message.contains(RedisStreamsConstants.GROUP), message);
    }

    @Test
    void aNonNumericCountIsRefused() {
        addEntries(key, 1);
        String message = failure(key, RedisStreamsOperation.XRANGE, Map.of(RedisStreamsConstants.COUNT, "ten"));
        assertTrue(message.contains("Header " + RedisStreamsConstants.COUNT) && message.contains("whole number")
                   && message.contains("'ten'"), message);
        String zero = failure(key, RedisStreamsOperation.XRANGE, Map.of(RedisStreamsConstants.COUNT, 0));
        assertTrue(zero.contains("from 1 to"), zero);
    }

    @Test
    void anUnknownOperationListsTheAcceptedOnes() {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> producer.requestBodyAndHeader("redis-streams:" + key, "x", RedisStreamsConstants.OPERATION, "XFOO"));
        String message = e.getCause().getMessage();
        assertTrue(message.contains("'XFOO'") && message.contains(RedisStreamsOperation.names()), message);
        assertFalse(redis.exists(key), "nothing was appended");
    }

    @Test
    void malformedArgumentsAreRefusedBeforeRedisIsAsked() {
        List<StreamEntryID> ids = addEntries(key, 3);
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), false);

        assertTrue(failure(key, RedisStreamsOperation.XDEL, Map.of()).contains("set the header " + RedisStreamsConstants.IDS));
        String badId = failure(key, RedisStreamsOperation.XDEL, Map.of(RedisStreamsConstants.IDS, List.of(ids.get(0).toString(), "last")));
        assertTrue(badId.contains("'last'") && badId.contains("not an entry ID"), badId);
        assertEquals(3L, redis.xlen(key), "no ID of a bad list was deleted");

        String idle = failure(key + "?group=g&consumerName=c", RedisStreamsOperation.XCLAIM,
                Map.of(RedisStreamsConstants.MESSAGE_ID, ids.get(0).toString(), RedisStreamsConstants.MIN_IDLE_TIME, "soon"));
        assertTrue(idle.contains(RedisStreamsConstants.MIN_IDLE_TIME) && idle.contains("30s"), idle);

        String claimer = failure(key + "?group=g", RedisStreamsOperation.XCLAIM, Map.of(RedisStreamsConstants.MESSAGE_ID, ids.get(0).toString()));
        assertTrue(claimer.contains("option consumerName") && claimer.contains(RedisStreamsConstants.CONSUMER_NAME), claimer);

        String filterWithoutCount = failure(key + "?group=g", RedisStreamsOperation.XPENDING,
                Map.of(RedisStreamsConstants.START, ids.get(1).toString()));
        assertTrue(filterWithoutCount.contains("set " + RedisStreamsConstants.COUNT), filterWithoutCount);

        String bothLimits = failure(key, RedisStreamsOperation.XTRIM,
                Map.of(RedisStreamsConstants.MAX_LEN, 1, RedisStreamsConstants.MIN_ID, ids.get(1).toString()));
        assertTrue(bothLimits.contains("remove one of them"), bothLimits);
        String noLimit = failure(key, RedisStreamsOperation.XTRIM, Map.of());
        assertTrue(noLimit.contains("option maxLen or maxAge"), noLimit);
        String mkStream = failure(key + "?group=h", RedisStreamsOperation.XGROUP_CREATE, Map.of(RedisStreamsConstants.MK_STREAM, "yes"));
        assertTrue(mkStream.contains("true or false"), mkStream);
        assertEquals(3L, redis.xlen(key));
    }

    @Test
    void aShardedEndpointSendsOperationsToOneShardKey() {
        String shard = key + ":{1}";
        addEntries(shard, 2);
        String message = failure(key + "?shards=2", RedisStreamsOperation.XLEN, Map.of());
        assertTrue(message.contains("shards=2") && message.contains("redis-streams:" + key + ":{0}"), message);
        assertEquals(2L, run(shard, RedisStreamsOperation.XLEN, Map.of()), "the endpoint of one shard key works");
    }

    @Test
    void aMissingGroupSaysHowToCreateIt() {
        addEntries(key, 1);
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(key + "?group=nope", RedisStreamsOperation.XPENDING, Map.of()));
        assertInstanceOf(RedisStreamsException.class, e.getCause());
        String message = e.getCause().getMessage();
        assertTrue(message.contains("no consumer group 'nope'") && message.contains("XGROUP_CREATE"), message);
    }

    @Test
    void anUnreachableRedisFailsTheExchangeAndSaysItWasNotRetried() {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> run(key + "?redisUri=redis://localhost:1&connectionTimeout=500", RedisStreamsOperation.XLEN, Map.of()));
        assertInstanceOf(RedisStreamsException.class, e.getCause());
        String message = e.getCause().getMessage();
        assertTrue(message.startsWith("XLEN failed: cannot reach Redis") && message.contains("not retried"), message);
    }

    /**
     * Sends an empty message with the operation header to redis-streams:uri and returns the body of the reply.
     */
    private Object run(String uri, RedisStreamsOperation operation, Map<String, Object> headers) {
        Map<String, Object> all = new HashMap<>(headers);
        all.put(RedisStreamsConstants.OPERATION, operation);
        return producer.requestBodyAndHeaders("redis-streams:" + uri, null, all);
    }

    private String failure(String uri, RedisStreamsOperation operation, Map<String, Object> headers) {
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> run(uri, operation, headers));
        assertInstanceOf(IllegalArgumentException.class, e.getCause(), e.getCause().toString());
        return e.getCause().getMessage();
    }

    /**
     * A group g created at 0 whose consumer c1 read the first entries and c2 the next ones, none acknowledged.
     */
    private List<StreamEntryID> groupWithPending(String stream, String group, int forC1, int forC2) {
        List<StreamEntryID> ids = addEntries(stream, forC1 + forC2);
        redis.xgroupCreate(stream, group, new StreamEntryID(0, 0), false);
        redis.xreadGroup(group, "c1", XReadGroupParams.xReadGroupParams().count(forC1),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        if (forC2 > 0) {
            redis.xreadGroup(group, "c2", XReadGroupParams.xReadGroupParams().count(forC2),
                    Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Object body) {
        return (List<Map<String, Object>>) body;
    }

    private static List<Object> idsOf(List<Map<String, Object>> entries) {
        return entries.stream().map(e -> e.get("id")).toList();
    }
}
