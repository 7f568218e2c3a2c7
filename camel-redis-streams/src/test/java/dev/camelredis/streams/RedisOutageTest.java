package dev.camelredis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis goes away under a running consumer: the consumer reports it once, retries with backoff, and resumes by
 * itself when Redis is back, without a Camel restart.
 */
class RedisOutageTest extends RedisStreamsTestSupport {

    @RegisterExtension
    static final RedisServerExtension OWN_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().appendOnly());

    @Override
    protected RedisTestServer server() {
        return OWN_REDIS.server();
    }

    @Test
    void consumerResumesAfterRedisWasKilledAndRestarted() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts processed = new DeliveryCounts();
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        CamelContext context = newContext();
        context.getRegistry().bind("recordingHandler", handler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&blockTimeout=200&reconnectMaxDelay=500"
                     + "&exceptionHandler=#recordingHandler")
                        .process(e -> processed.record(e.getMessage()));
            }
        });
        context.start();
        List<String> ids = new ArrayList<>(addEntries(key, 10).stream().map(StreamEntryID::toString).toList());
        await("entries before the outage", Duration.ofSeconds(10), () -> processed.distinct() == 10);
        // acks still queued at the kill would make the ack path report the outage too
        await("and their acks", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);

        server().kill();
        redis.close();
        Thread.sleep(1500);
        CamelExecutionException down = assertThrows(CamelExecutionException.class,
                () -> context.createProducerTemplate().sendBody("redis-streams:" + key, "while down"));
        assertTrue(down.getCause().getMessage().contains("Cannot reach Redis for redis-streams:" + key),
                down.getCause().getMessage());
        server().start();
        redis = server().newClient();

        ids.add(context.createProducerTemplate().request("redis-streams:" + key, e -> e.getMessage().setBody("after restart"))
                .getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class));
        await("consuming resumed by itself", Duration.ofSeconds(15), () -> processed.distinct() == 11);
        await("and acks too", Duration.ofSeconds(5), () -> pendingCount(key, "g") == 0);
        processed.assertEachOnce(ids);
        long connectionReports = handler.reported.stream()
                .filter(e -> e.getMessage().contains("Cannot reach Redis")).count();
        assertTrue(connectionReports >= 1 && connectionReports <= 2,
                "the outage is reported once per change of state, not per retry: " + handler.reported);
    }

    /**
     * I3: after an outage longer than claimMinIdleTime, an entry whose exchange still runs looks idle to every
     * reclaimer the moment Redis is back, as its owner could not renew it meanwhile. The owner's renewer retries within
     * a quarter of its period; another consumer's reclaimer waits a whole period after its reader is back. Three
     * outages, as without that wait the race can go either way (in the one run without it, the other consumer won the
     * first).
     */
    @Test
    void afterAnOutageTheOwnerRenewsItsEntryBeforeAnotherConsumerReclaimsIt() throws Exception {
        String key = uniqueKey("orders");
        DeliveryCounts byOwner = new DeliveryCounts();
        DeliveryCounts byOther = new DeliveryCounts();
        CountDownLatch release = new CountDownLatch(1);
        // renewals every second; reclaim passes every 100 ms
        String options = "?group=g&startId=0&claimMinIdleTime=2000&claimInterval=100&blockTimeout=200&reconnectMaxDelay=200";
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + options + "&consumerName=owner").process(e -> {
                    byOwner.record(e.getMessage());
                    release.await(60, TimeUnit.SECONDS);
                });
                from("redis-streams:" + key + options + "&consumerName=other").routeId("other").autoStartup(false)
                        .process(e -> byOther.record(e.getMessage()));
            }
        });
        List<String> ids = addEntries(key, 1).stream().map(StreamEntryID::toString).toList();
        await("the owner runs the entry", Duration.ofSeconds(10), () -> byOwner.distinct() == 1);
        context.getRouteController().startRoute("other");

        for (int outage = 1; outage <= 3; outage++) {
            server().kill();
            redis.close();
            // longer than claimMinIdleTime: once back, the entry is idle enough for any reclaimer
            Thread.sleep(2500);
            server().start();
            redis = server().newClient();
            // the other consumer's reader is back within reconnectMaxDelay; its passes then wait one period (1 s)
            Thread.sleep(2000);
            assertEquals(0, byOther.distinct(), "outage " + outage + ": reclaimed while its owner still runs it");
        }
        release.countDown();
        await("acknowledged", Duration.ofSeconds(15), () -> pendingCount(key, "g") == 0);
        byOwner.assertEachOnce(ids);
        assertEquals(0, byOther.distinct());
    }

    /**
     * I3, the outage seen by the renewer only: a reader that routes a slow exchange throughout an outage never reads
     * while Redis is away, and would claim idle entries right after that exchange, before their owners renew them. Its
     * renewer, which failed meanwhile, holds the reclaimer back until a renewal period after the reader read again.
     * Without that, the entry was claimed 4 ms after the slow exchange ended.
     */
    @Test
    void aReaderBusyThroughoutAnOutageWaitsARenewalPeriodBeforeItReclaims() throws Exception {
        String key = uniqueKey("orders");
        redis.xgroupCreate(key, "g", new StreamEntryID(0, 0), true);
        StreamEntryID slow = redis.xadd(key, XAddParams.xAddParams(), Map.of("n", "slow"));
        Map<String, Long> routedAt = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&consumerName=busy&claimMinIdleTime=2000&claimInterval=100"
                     + "&blockTimeout=200&reconnectMaxDelay=200").process(e -> {
                         String id = e.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                         routedAt.put(id, System.currentTimeMillis());
                         if (id.equals(slow.toString())) {
                             release.await(60, TimeUnit.SECONDS);
                         }
                     });
            }
        });
        await("the slow exchange runs", Duration.ofSeconds(10), () -> routedAt.containsKey(slow.toString()));
        // held by a consumer that renews nothing, like an owner whose renewals fail during the outage
        StreamEntryID idle = redis.xadd(key, XAddParams.xAddParams(), Map.of("n", "idle"));
        assertEquals(1, redis.xreadGroup("g", "owner", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue().size());

        server().kill();
        redis.close();
        // longer than claimMinIdleTime and than the renewal period (1 s): the renewer fails at least once
        Thread.sleep(2500);
        server().start();
        redis = server().newClient();
        long releasedAt = System.currentTimeMillis();
        release.countDown();

        await("the idle entry is claimed", Duration.ofSeconds(10), () -> routedAt.containsKey(idle.toString()));
        long waited = routedAt.get(idle.toString()) - releasedAt;
        assertTrue(waited >= 1000, "claimed " + waited + " ms after the reader was free again, before a renewal period"
                                   + " (1000 ms) passed");
        await("both acknowledged", Duration.ofSeconds(10), () -> pendingCount(key, "g") == 0);
    }

    @Test
    void unreachableServerAtStartIsRetriedUntilItComes() throws Exception {
        String key = uniqueKey("orders");
        server().stop();
        DeliveryCounts processed = new DeliveryCounts();
        startContext(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-streams:" + key + "?group=g&startId=0&reconnectMaxDelay=300")
                        .process(e -> processed.record(e.getMessage()));
            }
        });
        Thread.sleep(1000);
        server().start();
        try (RedisClient client = server().newClient()) {
            await("group created once Redis is up", Duration.ofSeconds(10),
                    () -> client.exists(key) && !client.xinfoGroups(key).isEmpty());
            String late = client.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "late")).toString();
            await("consumed", Duration.ofSeconds(10), () -> processed.count(late) == 1);
            await("and acked", Duration.ofSeconds(5), () -> client.xpending(key, "g").getTotal() == 0);
            processed.assertEachOnce(List.of(late));
        }
    }
}
