package io.sossstream.cli;

import io.sossstream.SossStream;
import io.sossstream.extract.BoxAperture;
import io.sossstream.extract.BoxExtractor;
import io.sossstream.extract.WidthOptimizer;
import io.sossstream.segment.FitsSegmentReader;
import io.sossstream.segment.Frame;
import io.sossstream.segment.Subarray;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.atoca.AtocaModel;
import io.sossstream.atoca.AtocaModelFile;
import io.sossstream.atoca.AtocaOptions;
import io.sossstream.atoca.AtocaOrder;
import io.sossstream.atoca.TypicalIntegration;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.specprofile.EmpiricalProfile;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.Provenance;
import io.sossstream.stack.DeepStack;
import io.sossstream.stage3.Profile;
import io.sossstream.stage3.ProfileBuilder;
import io.sossstream.ProgressListener;
import io.sossstream.stage3.SegmentExtraction;
import io.sossstream.pipeline.BatchRun;
import io.sossstream.stage3.Stage3Options;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code soss-stream bench}: throughput and memory of the hot paths, on a simulated SUBSTRIP256 observation
 * (simulated once into {@code --dir}, then reused); with {@code --whole}, the whole process against exoTEDRF
 * ({@link WholeProcessBench}). Prints figures; never asserts (targets are in the README).
 */
final class BenchCommand {
    private static final int INTS_PER_SEGMENT = 100;

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(String[] argv) throws Exception {
        Args a = Args.parse(argv, 0, Set.of("ints", "dir", "method", "runs"), Set.of("whole"));
        if (a.flag("whole")) {
            return whole(a);
        }
        String method = a.get("method", "box");
        if (!method.equals("box") && !method.equals("atoca")) {
            throw new Args.UsageException("--method must be box or atoca, not " + method);
        }
        int ints = a.intValue("ints", 400);
        if (ints < INTS_PER_SEGMENT) {
            throw new Args.UsageException("--ints must be at least " + INTS_PER_SEGMENT);
        }
        int segments = ints / INTS_PER_SEGMENT;
        Path dir = Path.of(a.get("dir", "bench-data/substrip256-" + segments * INTS_PER_SEGMENT));
        List<Path> files = observation(dir, segments);
        int total = segments * INTS_PER_SEGMENT;
        out.printf(Locale.ROOT, "bench: %d SUBSTRIP256 integrations in %d segments (%s), read+extract on %d threads,"
                + " the rest on 1, JVM max heap %d MB%n", total, segments, dir, io.sossstream.Workers.count(),
                Runtime.getRuntime().maxMemory() >> 20);

        Stage3Options fixed = Stage3Options.defaults();
        ProfileBuilder.Result built = ProfileBuilder.build(files.subList(0, 1), fixed, ProgressListener.NONE);
        Profile profile = built.profile();
        DeepStack model = built.deepStack();
        if (method.equals("atoca")) {
            return benchAtoca(files.get(0), profile, model);
        }

        // Warm-up pass: JIT and page cache (the target is "from local disk", i.e. a file the OS has cached).
        extractAll(files, profile, model);

        long t0 = System.nanoTime();
        extractAll(files, profile, model);
        double readExtract = (System.nanoTime() - t0) / 1e9;

        // Live heap (after a full GC) sampled every 10 integrations while streaming: the retained memory.
        long liveAll = liveHeapWhileExtracting(files, profile);
        long liveOne = liveHeapWhileExtracting(files.subList(0, 1), profile);

        // Extraction alone: the same frames already in memory.
        Frame[] frames = loadFrames(files.get(0), 20);
        BoxExtractor o1 = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 1, profile.widthOrder1(), 256));
        BoxExtractor o2 = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 2, profile.widthOrder2(), 256));
        double[] f = new double[Subarray.COLUMNS];
        double[] e = new double[Subarray.COLUMNS];
        for (int i = 0; i < 200; i++) {
            o1.extract(frames[i % frames.length], f, e);
            o2.extract(frames[i % frames.length], f, e);
        }
        t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            o1.extract(frames[i % frames.length], f, e);
            o2.extract(frames[i % frames.length], f, e);
        }
        double extractOnly = (System.nanoTime() - t0) / 1e9;

        // Width optimisation (order 1, 51 widths) against one extraction (order 1, one width), same frames from disk.
        double optSeconds = timeOptimisation(files, profile, true);
        double oneSeconds = timeOptimisation(files, profile, false);

        out.printf(Locale.ROOT, "read+extract (orders 1+2):  %8.1f integrations/s  (%.2f s)%n", total / readExtract, readExtract);
        out.printf(Locale.ROOT, "extract alone (orders 1+2): %8.1f integrations/s%n", total / extractOnly);
        out.printf(Locale.ROOT, "width optimisation 10..60:  %8.2f x one extraction (%.2f s vs %.2f s, read included)%n",
                optSeconds / oneSeconds, optSeconds, oneSeconds);
        out.printf(Locale.ROOT, "peak live heap, streaming:  %8.1f MB for %d integrations, %.1f MB for %d%n",
                liveAll / 1048576.0, total, liveOne / 1048576.0, INTS_PER_SEGMENT);
        double[] specprofile = timeSpecProfile(model, profile);
        out.printf(Locale.ROOT, "specprofile (SUBSTRIP256):  %8.3f s CPU, %.3f s wall per build (median of %d, after %d"
                + " warm-up; target <= 1 s on one core)%n", specprofile[0], specprofile[1], PROFILE_RUNS, PROFILE_WARMUP);
        return Main.OK;
    }

    /** {@code --whole [--ints 60,537] [--runs 3] [--dir bench-data]}: see {@link WholeProcessBench}. */
    private int whole(Args a) throws Exception {
        List<Integer> sizes = new java.util.ArrayList<>();
        for (String n : a.get("ints", "60,537").split(",")) {
            try {
                sizes.add(Integer.parseInt(n.trim()));
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--ints needs integers separated by commas, not '" + a.get("ints") + "'");
            }
        }
        if (sizes.stream().anyMatch(n -> n < 3)) {
            throw new Args.UsageException("--ints: at least 3 integrations (the clipping needs neighbours)");
        }
        int runs = a.intValue("runs", 3);
        if (runs < 1) {
            throw new Args.UsageException("--runs must be at least 1");
        }
        return new WholeProcessBench(out, err).execute(sizes, runs, Path.of(a.get("dir", "bench-data")));
    }

    /**
     * ATOCA on segment 1: the once-per-observation model (typical integration → grid, Tikhonov factors,
     * factorisations) and the per-integration step, in CPU seconds of this thread (the figure for "one core" on a
     * shared machine) and wall seconds; peak heap = the JVM pools' peak usage during the run.
     */
    private int benchAtoca(Path segment, Profile profile, DeepStack stack) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Provenance prov = new Provenance(SossStream.NAME, SossStream.pipeline(), profile.centroids().source(),
                List.of(), null);
        SpecProfile spec = EmpiricalProfile.build(stack.toDoubleArray(), profile.subarray(), profile.centroids(), prov,
                "bench deep stack");
        Frame[] frames = loadFrames(segment, 20);
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        TypicalIntegration.Accumulator acc;
        try (FitsSegmentReader r = FitsSegmentReader.open(segment)) {
            int n = r.header().integrations();
            acc = new TypicalIntegration.Accumulator(r.header().rows(), Subarray.COLUMNS, n);
            Frame frame = new Frame(r.header().rows(), Subarray.COLUMNS);
            for (int i = 0; i < n; i++) {
                r.read(i, frame);
                acc.add(frame);
            }
        }
        SpecTrace trace = SpecTrace.load(profile.subarray());
        List<AtocaOrder> orders = AtocaOrder.of(trace, WavelengthMap.fromSpecTrace(trace), spec, 3, "bench");
        AtocaModel atoca = AtocaModel.build(orders, acc.finish(null), AtocaOptions.defaults(profile.widthOrder1()));
        double onceCpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        double onceWall = (System.nanoTime() - t0) / 1e9;
        int np = frames[0].rows * frames[0].cols;
        double[] sci = new double[np];
        double[] err = new double[np];
        boolean[] bad = new boolean[np];
        int warm = 3;
        int timed = 20;
        double cpu = 0;
        double wall = 0;
        for (int i = 0; i < warm + timed; i++) {
            Frame f = frames[i % frames.length];
            long c1 = mx.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            for (int p = 0; p < np; p++) {
                sci[p] = f.sci[p];
                err[p] = f.err[p];
                bad[p] = !Double.isFinite(sci[p]) || !(err[p] > 0) || (f.dq[p] & Frame.DO_NOT_USE) != 0;
            }
            atoca.extract(sci, err, bad);
            if (i >= warm) {
                cpu += (mx.getCurrentThreadCpuTime() - c1) / 1e9;
                wall += (System.nanoTime() - t1) / 1e9;
            }
        }
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        out.printf(Locale.ROOT, "atoca once per observation:  %8.1f s CPU, %.1f s wall (grid %d points, Tikhonov "
                + "factors %.3g / %.3g / %.3g; target <= 15 s on one core)%n", onceCpu, onceWall, atoca.grid().length,
                atoca.tikfac(1), atoca.tikfac(2), atoca.tikfac(3));
        out.printf(Locale.ROOT, "atoca per integration:       %8.3f s CPU, %.3f s wall (mean of %d after %d warm-up; "
                + "target <= 0.1 s)%n", cpu / timed, wall / timed, timed, warm);
        out.printf(Locale.ROOT, "atoca peak heap:             %8.1f MB used (heap pools' peaks, garbage included; %d "
                + "frames of %d MB held by the bench; JVM max %d MB; target <= 1 GB: run with SOSS_JAVA_OPTS=-Xmx1g)%n",
                peak / 1048576.0, frames.length, (long) frames.length * np * 12 >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        // the stream stores the model once (profile step) and every extract replica loads it
        long c3 = mx.getCurrentThreadCpuTime();
        byte[] stored = AtocaModelFile.toBytes(atoca);
        double writeCpu = (mx.getCurrentThreadCpuTime() - c3) / 1e9;
        atoca = null;
        System.gc();
        long before = usedHeap();
        long c4 = mx.getCurrentThreadCpuTime();
        long t4 = System.nanoTime();
        AtocaModel loaded = AtocaModelFile.fromBytes(stored, "bench");
        double loadCpu = (mx.getCurrentThreadCpuTime() - c4) / 1e9;
        double loadWall = (System.nanoTime() - t4) / 1e9;
        System.gc();
        long retained = usedHeap() - before;
        out.printf(Locale.ROOT, "atoca stored model:          %8.1f MB (written in %.2f s CPU; loaded in %.2f s CPU, "
                + "%.2f s wall, by each extract replica instead of the once-per-observation work; %.0f MB of heap "
                + "once loaded)%n", stored.length / 1e6, writeCpu, loadCpu, loadWall, retained / 1e6);
        java.lang.ref.Reference.reachabilityFence(loaded);
        return Main.OK;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static final int PROFILE_WARMUP = 2;
    private static final int PROFILE_RUNS = 5;

    /**
     * The empirical spatial profile built from the deep stack and centroids, as SpecProfileStep builds it
     * (reference files loaded each time): median CPU time of this thread and median wall time, in seconds. CPU
     * time is the figure to compare with the target on a shared machine.
     */
    private static double[] timeSpecProfile(DeepStack stack, Profile profile) {
        double[] frame = stack.toDoubleArray();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Provenance prov = new Provenance(SossStream.NAME, SossStream.pipeline(), profile.centroids().source(),
                List.of(), null);
        double[] cpu = new double[PROFILE_RUNS];
        double[] wall = new double[PROFILE_RUNS];
        for (int i = 0; i < PROFILE_WARMUP + PROFILE_RUNS; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            EmpiricalProfile.build(frame, profile.subarray(), profile.centroids(), prov, "bench deep stack");
            if (i >= PROFILE_WARMUP) {
                cpu[i - PROFILE_WARMUP] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                wall[i - PROFILE_WARMUP] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[] {cpu[PROFILE_RUNS / 2], wall[PROFILE_RUNS / 2]};
    }

    private List<Path> observation(Path dir, int segments) {
        List<Path> existing = Files.isDirectory(dir) ? BatchRun.expandInputs(List.of(dir)) : List.of();
        if (existing.size() == segments) {
            return existing;
        }
        err.println("bench: simulating " + segments + " segments into " + dir + " (reused next time)");
        SimulationOptions o = SimulationOptions.defaults().withSegments(segments, INTS_PER_SEGMENT).withSeed(7);
        Simulator.run(o, dir, new ProgressBar(err));
        return BatchRun.expandInputs(List.of(dir));
    }

    private static void extractAll(List<Path> files, Profile profile, DeepStack model) {
        for (Path f : files) {
            SegmentExtraction.extract(f, profile, model, ProgressListener.NONE);
        }
    }

    private static double timeOptimisation(List<Path> files, Profile profile, boolean optimise) {
        long t0 = System.nanoTime();
        double[] centres = BoxAperture.extractedCentres(profile.centroids(), 1);
        WidthOptimizer opt = new WidthOptimizer(centres, 256);
        BoxExtractor one = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 1, profile.widthOrder1(), 256));
        double[] f = new double[Subarray.COLUMNS];
        double[] e = new double[Subarray.COLUMNS];
        Frame frame = new Frame(256, Subarray.COLUMNS);
        for (Path p : files) {
            try (FitsSegmentReader r = FitsSegmentReader.open(p)) {
                for (int i = 0; i < r.header().integrations(); i++) {
                    r.read(i, frame);
                    if (optimise) {
                        opt.accept(frame);
                    } else {
                        one.extract(frame, f, e);
                    }
                }
            }
        }
        if (optimise) {
            opt.result(io.sossstream.extract.WidthOptimizer.Metric.RELATIVE);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Frame[] loadFrames(Path file, int n) {
        try (FitsSegmentReader r = FitsSegmentReader.open(file)) {
            Frame[] frames = new Frame[Math.min(n, r.header().integrations())];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = new Frame(256, Subarray.COLUMNS);
                r.read(i, frames[i]);
            }
            return frames;
        }
    }

    /** Streams every integration through both extractors, keeping nothing, and returns the largest live heap seen. */
    private static long liveHeapWhileExtracting(List<Path> files, Profile profile) {
        BoxExtractor o1 = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 1, profile.widthOrder1(), 256));
        BoxExtractor o2 = new BoxExtractor(BoxAperture.forOrder(profile.centroids(), 2, profile.widthOrder2(), 256));
        double[] f = new double[Subarray.COLUMNS];
        double[] e = new double[Subarray.COLUMNS];
        Frame frame = new Frame(256, Subarray.COLUMNS);
        long peak = 0;
        for (Path p : files) {
            try (FitsSegmentReader r = FitsSegmentReader.open(p)) {
                for (int i = 0; i < r.header().integrations(); i++) {
                    r.read(i, frame);
                    o1.extract(frame, f, e);
                    o2.extract(frame, f, e);
                    if (i % 10 == 0) {
                        System.gc();
                        Runtime rt = Runtime.getRuntime();
                        peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                    }
                }
            }
        }
        return peak;
    }


}
