package dev.camelredis.streams.producer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.spi.ExecutorServiceManager;

/**
 * Hands exchanges back to their routes after their XADD, on the worker pool and never on the pipeline thread: the
 * rest of a route may be slow, or send to this producer and wait, and in the pipeline thread it would hold up the XADDs
 * of every other exchange or wait for itself for good. When the pool has no room, the exchanges wait here, in order,
 * and the pipeline thread offers them again between pipelines.
 */
final class Continuations {

    /** Set while a thread runs the rest of a route for a producer of this component. */
    private static final ThreadLocal<Boolean> CONTINUING = new ThreadLocal<>();

    private final ExecutorService workers;
    private final boolean ownWorkers;
    /** Guarded by this, as is closed: the pipeline thread and a stop both reach it. */
    private final Deque<AppendRequest> waiting = new ArrayDeque<>();
    private boolean closed;
    private volatile Thread pipelineThread;

    /**
     * @param ownWorkers whether the pool is this producer's to shut down (not the user's workerPool)
     */
    Continuations(ExecutorService workers, boolean ownWorkers) {
        this.workers = workers;
        this.ownWorkers = ownWorkers;
    }

    /**
     * Whether the current thread runs the rest of a route after an XADD. A send from there must not wait for a worker
     * of the pool: all of them may be waiting the same way.
     */
    static boolean inContinuation() {
        return CONTINUING.get() != null;
    }

    void runsOn(Thread pipeline) {
        pipelineThread = pipeline;
    }

    /** Called by the pipeline thread for each settled exchange; once closed, the exchange goes on here. */
    synchronized void handBack(AppendRequest request) {
        if (closed) {
            continueHere(request);
        } else if (!waiting.isEmpty() || !offer(request)) {
            waiting.addLast(request);
        }
    }

    synchronized boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Offers the waiting exchanges to the pool again, oldest first, until it has no room. */
    synchronized void retryWaiting() {
        for (int n = waiting.size(); n > 0; n--) {
            AppendRequest next = waiting.pollFirst();
            if (next == null) {
                return;
            }
            if (!offer(next)) {
                waiting.addFirst(next);
                return;
            }
        }
    }

    /**
     * Hands the waiting exchanges back, then shuts down a pool of our own: what it did not run within the timeout runs
     * here, so that every exchange is handed back.
     */
    void close(ExecutorServiceManager executors, long timeoutMillis) {
        synchronized (this) {
            closed = true;
            AppendRequest next;
            while ((next = waiting.pollFirst()) != null) {
                if (!offer(next)) {
                    continueHere(next);
                }
            }
        }
        if (!ownWorkers) {
            return;
        }
        executors.shutdown(workers);
        boolean finished;
        try {
            finished = executors.awaitTermination(workers, timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            List<Runnable> neverRun = executors.shutdownNow(workers);
            neverRun.forEach(Runnable::run);
        }
    }

    /** False when the pool has no room. A pool that is shut down would drop the task: then the exchange goes on here. */
    private boolean offer(AppendRequest request) {
        if (workers.isShutdown()) {
            continueHere(request);
            return true;
        }
        try {
            workers.execute(() -> continueOnWorker(request));
            return true;
        } catch (RejectedExecutionException e) {
            if (workers.isShutdown()) {
                continueHere(request);
                return true;
            }
            return false;
        }
    }

    private void continueOnWorker(AppendRequest request) {
        if (Thread.currentThread() == pipelineThread) {
            // a pool that runs what it has no room for in the submitting thread (CallerRuns): wait for a worker instead
            synchronized (this) {
                waiting.addLast(request);
            }
            return;
        }
        continueHere(request);
    }

    static void continueHere(AppendRequest request) {
        boolean outermost = CONTINUING.get() == null;
        CONTINUING.set(Boolean.TRUE);
        try {
            request.callback().done(false);
        } finally {
            if (outermost) {
                CONTINUING.remove();
            }
        }
    }
}
