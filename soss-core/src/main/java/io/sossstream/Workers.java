package io.sossstream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The CPU-bound loops' use of the machine's cores (deep stack, extraction): independent tasks with disjoint
 * outputs run on up to {@link #count()} threads, the caller's included, so results never depend on the thread
 * count or the schedule. The count is the JVM's available processors (set it with
 * {@code -XX:ActiveProcessorCount=N} in {@code SOSS_JAVA_OPTS}).
 */
public final class Workers {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "soss-worker");
        t.setDaemon(true);
        return t;
    });

    private Workers() {
    }

    /** Threads a parallel loop uses. */
    public static int count() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs {@code task.accept(i)} for every i in [0, n), in any order and on several threads, and returns when all
     * are done. The first failure is rethrown (as it was thrown when unchecked) after the other tasks finished.
     */
    public static void forEach(int n, IntConsumer task) {
        int threads = Math.min(count(), n);
        if (threads <= 1) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            helpers.add(POOL.submit(drain));
        }
        Throwable failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(n); // the helpers stop taking new tasks
        }
        awaitAll(helpers, failure);
    }

    /**
     * Waits for every task, then rethrows the first failure: {@code earlier} (the caller's own, or null), else the
     * first task's in list order; unchecked ones as they were thrown, others wrapped.
     */
    public static void awaitAll(List<? extends Future<?>> tasks, Throwable earlier) {
        Throwable failure = earlier;
        for (Future<?> f : tasks) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
