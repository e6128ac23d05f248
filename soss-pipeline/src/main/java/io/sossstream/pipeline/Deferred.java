package io.sossstream.pipeline;

import io.sossstream.Workers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;

/**
 * Work a step may finish off its critical path (the diagnostic plots): a service runs it at once, in place
 * ({@link #INLINE}, so every object is stored before the step's completion marker, as before); the batch run gives it
 * a thread of its own ({@link #onOwnThread()}), where it overlaps with what the steps do next, and waits for it
 * ({@link #await()}) before anything lists its objects, and while it waits runs the tasks its thread has not started
 * yet (two plots drawn at once instead of one after the other). Each task stores objects of its own, so what they
 * store does not depend on the schedule.
 */
public interface Deferred {
    /** Runs {@code task} now or later; a failure surfaces at the latest in {@link #await()}. */
    void run(Runnable task);

    /** Returns when every task submitted so far is done; rethrows the first failure. */
    void await();

    /** Tasks run at once, on the caller's thread. */
    Deferred INLINE = new Deferred() {
        @Override
        public void run(Runnable task) {
            task.run();
        }

        @Override
        public void await() {
        }
    };

    /** Tasks run on one background (daemon) thread, in submission order, and on the caller's in {@link #await()}. */
    static Background onOwnThread() {
        return new Background();
    }

    /** {@link #onOwnThread()}'s implementation. */
    final class Background implements Deferred {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "soss-deferred");
            t.setDaemon(true);
            return t;
        });
        private final List<Future<?>> pending = new ArrayList<>();

        private Background() {
        }

        @Override
        public synchronized void run(Runnable task) {
            pending.add(thread.submit(task));
        }

        /** Runs here the tasks the thread has not started (a task runs once, on whichever thread starts it). */
        @Override
        public void await() {
            List<Future<?>> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(pending);
                pending.clear();
            }
            for (Future<?> f : tasks) {
                if (f instanceof RunnableFuture<?> task) {
                    task.run();
                }
            }
            Workers.awaitAll(tasks, null);
        }

        /** Waits for the tasks and ends the thread, ignoring their failures (the run already failed). */
        void shutdownQuietly() {
            try {
                await();
            } catch (RuntimeException | Error ignored) {
                // the caller reports its own failure
            } finally {
                thread.shutdown();
            }
        }

        /** Waits for the tasks (rethrowing the first failure) and ends the thread. */
        void shutdown() {
            try {
                await();
            } finally {
                thread.shutdown();
            }
        }
    }
}
