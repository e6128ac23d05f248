package io.sossstream.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredTest {
    /**
     * The first task waits for the second: only a caller that runs the not-yet-started second task itself lets the
     * first finish (a plain wait would hang).
     */
    @Test
    void awaitRunsTheTasksTheThreadHasNotStarted() {
        Deferred.Background deferred = Deferred.onOwnThread();
        CountDownLatch secondRan = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        try {
            deferred.run(() -> {
                firstStarted.countDown();
                threads.add("first " + Thread.currentThread().getName());
                try {
                    assertTrue(secondRan.await(20, TimeUnit.SECONDS), "the second task never ran");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            deferred.run(() -> {
                threads.add("second " + Thread.currentThread().getName());
                secondRan.countDown();
            });
            AtomicReference<String> awaiting = new AtomicReference<>();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
                awaiting.set(Thread.currentThread().getName());
                deferred.await();
            });
            assertEquals(List.of("first soss-deferred", "second " + awaiting.get()),
                    threads.stream().sorted().toList());
        } finally {
            secondRan.countDown();
            deferred.shutdownQuietly();
        }
    }

    @Test
    void eachTaskRunsOnceAndAFailureSurfacesInAwait() {
        Deferred.Background deferred = Deferred.onOwnThread();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                int k = i;
                deferred.run(() -> ran.add(k));
            }
            deferred.run(() -> {
                throw new IllegalStateException("plot failed");
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, deferred::await);
            assertEquals("plot failed", e.getMessage());
            assertEquals(50, ran.size());
            assertEquals(50, ran.stream().distinct().count());
        } finally {
            deferred.shutdownQuietly();
        }
    }
}
