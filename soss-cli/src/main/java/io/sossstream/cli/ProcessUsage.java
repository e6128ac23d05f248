package io.sossstream.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process used, as a user sizes a machine for it: the peak heap, the peak resident set (Linux) and the
 * CPU time of all its threads (on a shared machine, the figure that does not depend on the others' load).
 */
final class ProcessUsage {
    private ProcessUsage() {
    }

    private static final AtomicLong PEAK_HEAP = new AtomicLong();

    /**
     * Starts following the heap: the heap in use just before each collection (garbage included) is its high-water
     * mark, never above the maximum heap (the pools' own peaks, summed, would be: they peak at different times).
     * The listeners are registered on a thread of their own: loading the management classes takes ~25 ms that the
     * run's start need not wait for (its first collection comes hundreds of milliseconds later).
     */
    static void watch() {
        Thread t = new Thread(ProcessUsage::listen, "soss-usage");
        t.setDaemon(true);
        t.start();
    }

    private static void listen() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                        long used = info.getMemoryUsageBeforeGc().entrySet().stream()
                                .filter(e -> isHeap(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                        PEAK_HEAP.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
        }
    }

    private static boolean isHeap(String pool) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals(pool)) {
                return p.getType() == MemoryType.HEAP;
            }
        }
        return false;
    }

    /** The largest heap in use seen since {@link #watch} (at a collection, or now), garbage included, MB. */
    static double peakHeapMb() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Math.max(PEAK_HEAP.get(), now) / 1048576.0;
    }

    /** Peak resident set size ({@code VmHWM} of /proc/self/status), MB; NaN where the system does not say. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return Double.NaN;
    }

    /** CPU seconds of every thread of this process so far (JIT and GC included); NaN where the JVM does not say. */
    static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** {@code memory: peak heap 61 MB of 128 MB, peak RSS 250 MB; CPU 11.7 s} (unknown figures left out). */
    static String summary() {
        double rss = peakRssMb();
        double cpu = cpuSeconds();
        return String.format(Locale.ROOT, "memory: peak heap %.0f MB of %d MB%s%s", peakHeapMb(),
                Runtime.getRuntime().maxMemory() >> 20,
                Double.isNaN(rss) ? "" : String.format(Locale.ROOT, ", peak RSS %.0f MB", rss),
                Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "; CPU %.1f s", cpu));
    }
}
