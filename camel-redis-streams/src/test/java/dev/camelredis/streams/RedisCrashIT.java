package dev.camelredis.streams;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelredis.testservice.LocalRedisOptions;
import dev.camelredis.testservice.RedisServerExtension;
import dev.camelredis.testservice.RedisTestServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis is killed with SIGKILL and restarted on the same port (AOF, appendfsync always) while a producer and two
 * consumers run: every entry whose XADD got a reply is processed exactly once, and everything is acked at the end.
 */
class RedisCrashIT extends RedisStreamsTestSupport {

    private static final int ENTRIES = 3000;

    @RegisterExtension
    static final RedisServerExtension OWN_REDIS = RedisServerExtension.dedicated(LocalRedisOptions.defaults().appendOnly());

    @Override
    protected RedisTestServer server() {
        return OWN_REDIS.server();
    }

    @Test
    void everyAcknowledgedAddIsProcessedAcrossARedisCrash() throws Exception {
        String key = uniqueKey("crash");
        DeliveryCounts processed = new DeliveryCounts();
        String options = "?group=g&startId=0&blockTimeout=200&reconnectMaxDelay=500&claimMinIdleTime=2000&claimInterval=500";
        CamelContext context = startContext(new RouteBuilder() {
            @Override
            public void configure() {
                for (String name : new String[] { "one", "two" }) {
                    from("redis-streams:" + key + options + "&consumerName=" + name)
                            .process(e -> processed.record(e.getMessage()));
                }
            }
        });
        ProducerTemplate producer = context.createProducerTemplate();
        Set<String> added = ConcurrentHashMap.newKeySet();
        AtomicInteger failedAdds = new AtomicInteger();
        Thread producing = new Thread(() -> {
            for (int i = 0; i < ENTRIES; i++) {
                try {
                    String id = producer.request("redis-streams:" + key, e -> e.getMessage().setBody("order"))
                            .getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID, String.class);
                    if (id != null) {
                        added.add(id);
                    } else {
                        failedAdds.incrementAndGet();
                    }
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producing.start();

        await("a third produced", Duration.ofSeconds(30), () -> added.size() >= ENTRIES / 3);
        server().kill();
        Thread.sleep(1000);
        server().start();
        redis.close();
        redis = server().newClient();
        producing.join(120_000);

        await("every acknowledged add processed and acked", Duration.ofSeconds(60),
                () -> processed.processedAll(added) && pendingCount(key, "g") == 0);
        System.out.printf("redis crash: %d adds answered, %d failed while Redis was down, %d entries in the stream,"
                          + " %d processed (%d processings), pending at the end %d%n",
                added.size(), failedAdds.get(), redis.xlen(key), processed.distinct(), processed.total(),
                pendingCount(key, "g"));
        assertTrue(failedAdds.get() > 0, "the producer saw the outage");
        // appendfsync always: Redis answered only what it had written, so the restart lost no XACK it answered, and
        // no consumer JVM died: not one duplicate
        processed.assertEachOnce(added);
        assertEquals(0, pendingCount(key, "g"));
    }
}
