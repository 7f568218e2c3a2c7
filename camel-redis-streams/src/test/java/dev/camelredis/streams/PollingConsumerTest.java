package dev.camelredis.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ConsumerTemplate.receive reads through the group too, and acknowledges when the exchange is done.
 */
class PollingConsumerTest extends RedisStreamsTestSupport {

    @Test
    void receiveBodyReadsAndAcknowledges() throws Exception {
        String key = uniqueKey("polled");
        addEntries(key, 3);
        ConsumerTemplate consumer = startContext().createConsumerTemplate();
        String uri = "redis-streams:" + key + "?group=g&startId=0&consumerName=poller";

        assertEquals("entry-0", consumer.receiveBody(uri, 5000));
        assertEquals("entry-1", consumer.receiveBody(uri, 5000));
        assertEquals("entry-2", consumer.receiveBodyNoWait(uri));
        assertNull(consumer.receiveBodyNoWait(uri), "nothing left");

        // receiveBody completes the exchange, which queues the XACK
        await("all acknowledged", Duration.ofSeconds(5), () -> pendingCount(key, "g") == 0);
    }

    @Test
    void receiveLeavesTheAckToDoneUoWAndAFailedExchangeStaysPending() throws Exception {
        String key = uniqueKey("polled");
        CamelContext context = startContext();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        String uri = "redis-streams:" + key + "?group=g&startId=0&consumerName=poller";
        assertNull(consumer.receive(uri, 200), "the group is created, the stream is empty");
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "ok"));
        redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "fails"));

        Exchange ok = consumer.receive(uri, 5000);
        assertNotNull(ok);
        assertEquals(1, pendingCount(key, "g"), "taken, not yet done");
        consumer.doneUoW(ok);

        Exchange failing = consumer.receive(uri, 5000);
        assertEquals("fails", failing.getMessage().getBody());
        failing.setException(new IllegalStateException("processing failed"));
        consumer.doneUoW(failing);

        await("the successful one acked, the failed one left pending", Duration.ofSeconds(5),
                () -> pendingCount(key, "g") == 1);
        assertEquals(failing.getMessage().getHeader(RedisStreamsConstants.MESSAGE_ID), pendingIds(key, "g").get(0));
    }

    @Test
    void aTimeoutLongerThanBlockTimeoutPlusSocketTimeoutReturnsNullAtTheTimeout() throws Exception {
        String key = uniqueKey("polled");
        ConsumerTemplate consumer = startContext().createConsumerTemplate();
        // the component page's example; by default blockTimeout + socketTimeout is 3 s
        String uri = "redis-streams:" + key + "?group=reports&consumerName=report-job";

        long start = System.nanoTime();
        String body = consumer.receiveBody(uri, 5000, String.class);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertNull(body, "nothing arrived");
        assertTrue(waitedMillis >= 4900 && waitedMillis < 7000, "waited up to the timeout: " + waitedMillis + " ms");
    }

    @Test
    void anEntryAddedAfterSeveralBlockTimeoutsIsReceivedWithinTheTimeout() throws Exception {
        String key = uniqueKey("polled");
        ConsumerTemplate consumer = startContext().createConsumerTemplate();
        String uri = "redis-streams:" + key + "?group=g&consumerName=poller&blockTimeout=300&socketTimeout=300";
        assertNull(consumer.receiveBody(uri, 100), "the group is created, the stream is empty");
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(() -> redis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("payload", "late")), 1500,
                    TimeUnit.MILLISECONDS);

            assertEquals("late", consumer.receiveBody(uri, 10_000, String.class));
        } finally {
            later.shutdownNow();
        }
    }
}
