package dev.camelredis.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the heap during the heap run. Used heap is sampled every 100 ms for the peak; but used heap also counts
 * garbage not collected yet, so it saw-tooths with the collector. What shows a leak is the heap right after each
 * collection (from the collectors' notifications): that is what must stay flat.
 */
final class HeapMonitor implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 100;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .toList();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong afterLastGc = new AtomicLong();
    private final NotificationListener gcListener = this::onGc;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** Collects garbage (so the run starts from its live heap), then starts sampling. */
    void start() {
        System.gc();
        long live = used();
        peakUsed.set(live);
        afterLastGc.set(live);
        ManagementFactory.getGarbageCollectorMXBeans()
                .forEach(collector -> ((NotificationEmitter) collector).addNotificationListener(gcListener, null, null));
        sampler.scheduleAtFixedRate(() -> peakUsed.accumulateAndGet(used(), Math::max), SAMPLE_MILLIS, SAMPLE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    long used() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    long peakUsed() {
        return peakUsed.accumulateAndGet(used(), Math::max);
    }

    long afterLastGc() {
        return afterLastGc.get();
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo
                .from((CompositeData) notification.getUserData()).getGcInfo().getMemoryUsageAfterGc();
        afterLastGc.set(heapPools.stream().map(after::get).filter(usage -> usage != null)
                .mapToLong(MemoryUsage::getUsed).sum());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(collector -> {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(gcListener);
            } catch (ListenerNotFoundException e) {
                // never added to this collector: nothing to remove
            }
        });
    }
}
