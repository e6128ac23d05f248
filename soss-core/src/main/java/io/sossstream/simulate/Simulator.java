package io.sossstream.simulate;

import io.sossstream.fits.IntegrationTimes;
import io.sossstream.reference.SpecTrace;
import io.sossstream.segment.SegmentLayout;
import io.sossstream.segment.Frame;
import io.sossstream.segment.SegmentHeader;
import io.sossstream.segment.Subarray;
import io.sossstream.ProgressListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulates a NIRISS/SOSS transit time series as stage-2 segments with a known injected transmission spectrum.
 * <p>
 * Per integration t: {@code F(y,x,t) = S(y,x)·(1 − δ(λ(y,x))·s(t))}, where S is the scene, s the normalised
 * transit shape ({@link TransitShape}) and λ(y,x) the wavelength of the order whose SPECTRACE trace is nearest to
 * row y in column x (order 1 wins within ±20 px of its trace). The modulated scene is then shifted by the
 * constant x shift and the integration's y jitter (linear interpolation). Reference pixels keep the scene value
 * (no transit, no shift).
 * <p>
 * Noise (Gaussian approximation of Poisson + read noise): {@code σ = sqrt(max(F,0)·g·t + RN²)/(g·t)} DN/s,
 * {@code SCI = F + σ·N(0,1)}, {@code ERR = σ} from the noiseless F. Cosmic rays add 50–2000 DN/s to one pixel
 * and set JUMP_DET (4) only. Bad pixels (fixed in time) get garbage SCI, ERR 0 and DQ DO_NOT_USE|HOT (1|2048).
 * <p>
 * Deterministic: integration k draws from its own generator seeded by (seed, k), so the same options give the
 * same bytes. Streams: memory is a few frames whatever the number of integrations.
 */
public final class Simulator {
    public static final int JUMP_DET = 4;
    public static final int HOT = 2048;
    /** Order 1 is assigned to pixels within this many rows of its trace, whatever the other orders. */
    static final double ORDER_ONE_HALF_WIDTH = 20;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final SimulationOptions options;
    private final Scene scene;
    private final SpecTrace trace;
    private final TransitShape transit;
    private final TransmissionSpectrum spectrum;
    private final int rows;
    private final int pixels;
    /** Scene and scene·δ after the constant x shift. */
    private final float[] shiftedScene;
    private final float[] shiftedDepthScene;
    private final boolean[] reference;
    private final int[] badPixels;
    private final float[] badValues;
    private final float[] modulated;

    public Simulator(SimulationOptions options) {
        this(options, TransmissionSpectrum.wasp39b());
    }

    public Simulator(SimulationOptions options, TransmissionSpectrum spectrum) {
        this.options = options;
        this.spectrum = spectrum;
        this.scene = Scene.load(options.scene());
        this.rows = scene.subarray().rows();
        this.pixels = rows * Subarray.COLUMNS;
        this.trace = SpecTrace.load(scene.subarray());
        this.transit = TransitShape.wasp39b(options.transitMid());
        this.reference = referencePixels(scene.subarray());
        float[] depthScene = new float[pixels];
        float[] depth = depthMap();
        for (int p = 0; p < pixels; p++) {
            depthScene[p] = scene.flux[p] * depth[p];
        }
        this.shiftedScene = shiftX(scene.flux, options.xShiftPixels());
        this.shiftedDepthScene = shiftX(depthScene, options.xShiftPixels());
        SplittableRandom rng = new SplittableRandom(options.seed() * GOLDEN - 1);
        this.badPixels = new int[options.badPixels()];
        this.badValues = new float[options.badPixels()];
        for (int k = 0; k < badPixels.length; k++) {
            badPixels[k] = rng.nextInt(pixels);
            badValues[k] = (float) (rng.nextBoolean() ? rng.nextDouble(1e4, 1e5) : rng.nextDouble(-1e4, -1e3));
        }
        this.modulated = new float[pixels];
    }

    /** Simulates with the packaged WASP-39 b spectrum; returns the written files (segments, then truth). */
    public static List<Path> run(SimulationOptions options, Path outDir, ProgressListener progress) {
        return new Simulator(options).run(outDir, progress);
    }

    /** Writes the segments and the truth files into {@code outDir}; returns them (segments first). */
    public List<Path> run(Path outDir, ProgressListener progress) {
        List<Path> written = new ArrayList<>();
        try {
            java.nio.file.Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + outDir, e);
        }
        int total = options.totalIntegrations();
        Frame frame = new Frame(rows, Subarray.COLUMNS);
        try (InjectedTruth.TimeSeriesWriter series = new InjectedTruth.TimeSeriesWriter(outDir)) {
            for (int seg = 1; seg <= options.segments(); seg++) {
                SegmentHeader header = header(seg);
                try (SegmentWriter writer = SegmentWriter.create(outDir.resolve(header.fileName()), header,
                        options.dateObs())) {
                    for (int i = 0; i < options.intsPerSegment(); i++) {
                        int k = (seg - 1) * options.intsPerSegment() + i;
                        double dy = generate(k, frame.sci, frame.err, frame.dq);
                        writer.write(frame.sci, frame.err, frame.dq, times(k));
                        series.row(k + 1, seg, midTime(k), transit.s(midTime(k)), dy);
                        progress.progress("simulate", k + 1, total);
                    }
                    written.add(writer.commit());
                }
            }
            written.add(series.commit());
        }
        written.add(InjectedTruth.writeDepths(outDir, trace, shiftedScene, shiftedDepthScene, rows,
                options.xShiftPixels()));
        written.add(InjectedTruth.writeProperties(outDir, properties()));
        return written;
    }

    /** The primary header of segment {@code seg} (1-based). */
    public SegmentHeader header(int seg) {
        String name = options.segmentFileName(seg);
        int n = options.intsPerSegment();
        return new SegmentHeader(name, "NIRISS", scene.subarray(), options.targetName(), options.pwcpos(), seg,
                options.segments(), (seg - 1) * n + 1, seg * n, options.totalIntegrations(),
                SegmentLayout.observationId(name), rows, n);
    }

    /** Mid time of exposure integration k (0-based), BJD_TDB − 2400000.5; the transit sits mid-exposure. */
    public double midTime(int k) {
        double centre = (options.totalIntegrations() - 1) / 2.0;
        return options.transitMid() + (k - centre) * options.integrationTime() / 86400.0;
    }

    /** Normalised transit shape s(t) of integration k. */
    public double transitShape(int k) {
        return transit.s(midTime(k));
    }

    /** The y jitter of integration k (pixels): the first draw of its generator. */
    public double jitter(int k) {
        return options.jitterRms() * random(k).nextGaussian();
    }

    /** Noiseless flux F (DN/s) of integration k: scene, transit, x shift and y jitter. */
    public void noiseless(int k, float[] dst) {
        double s = transit.s(midTime(k));
        double dy = jitter(k);
        for (int p = 0; p < pixels; p++) {
            modulated[p] = (float) (shiftedScene[p] - s * shiftedDepthScene[p]);
        }
        shiftY(modulated, dy, dst);
        for (int p = 0; p < pixels; p++) {
            if (reference[p]) {
                dst[p] = scene.flux[p];
            }
        }
    }

    /**
     * Integration k exactly as written: SCI (with noise, cosmic rays, bad pixels; DO_NOT_USE pixels keep their
     * garbage value), ERR, DQ. Returns the y jitter used.
     */
    public double generate(int k, float[] sci, float[] err, int[] dq) {
        SplittableRandom rng = random(k);
        double dy = options.jitterRms() * rng.nextGaussian();
        noiseless(k, sci);
        double electronsPerDn = options.gain() * options.integrationTime();
        double readVar = options.readNoise() * options.readNoise();
        for (int p = 0; p < pixels; p++) {
            double f = sci[p];
            float sigma = (float) (Math.sqrt(Math.max(f, 0) * electronsPerDn + readVar) / electronsPerDn);
            err[p] = sigma;
            sci[p] = (float) (f + sigma * rng.nextGaussian());
            dq[p] = 0;
        }
        int hits = poisson(rng, options.cosmicRaysPerIntegration());
        for (int h = 0; h < hits; h++) {
            int p = rng.nextInt(pixels);
            double amplitude = rng.nextDouble(50, 2000);
            if (!reference[p]) {
                sci[p] += (float) amplitude;
                dq[p] |= JUMP_DET;
            }
        }
        for (int b = 0; b < badPixels.length; b++) {
            int p = badPixels[b];
            sci[p] = badValues[b];
            err[p] = 0f;
            dq[p] |= Frame.DO_NOT_USE | HOT;
        }
        return dy;
    }

    /** INT_TIMES row of exposure integration k (UTC ≈ TDB − 69.184 s; the barycentric term is ignored). */
    public IntegrationTimes times(int k) {
        double mid = midTime(k);
        double half = options.integrationTime() / 2 / 86400.0;
        double utc = 69.184 / 86400.0;
        return new IntegrationTimes(k + 1, mid - half - utc, mid - utc, mid + half - utc, mid - half, mid, mid + half);
    }

    public Subarray subarray() {
        return scene.subarray();
    }

    /** The generator of integration k: a function of (seed, k) only. */
    private SplittableRandom random(int k) {
        return new SplittableRandom(options.seed() * GOLDEN + (k + 1L) * 0xBF58476D1CE4E5B9L);
    }

    /** δ(λ(y,x)) per pixel: the order whose trace is nearest (order 1 within ±20 px); 0 in reference pixels. */
    private float[] depthMap() {
        float[] depth = new float[pixels];
        for (int x = 0; x < Subarray.COLUMNS; x++) {
            double[] traceY = new double[SpecTrace.ORDERS];
            double[] lambda = new double[SpecTrace.ORDERS];
            for (int o = 1; o <= SpecTrace.ORDERS; o++) {
                boolean on = x >= trace.minX(o) && x <= trace.maxX(o);
                traceY[o - 1] = on ? trace.yAt(o, x) : Double.NaN;
                lambda[o - 1] = on ? trace.wavelengthAt(o, x) : Double.NaN;
            }
            for (int y = 0; y < rows; y++) {
                int best = 0;
                if (!(Math.abs(y - traceY[0]) <= ORDER_ONE_HALF_WIDTH)) {
                    double bestDistance = Math.abs(y - traceY[0]);
                    for (int o = 1; o < SpecTrace.ORDERS; o++) {
                        double d = Math.abs(y - traceY[o]);
                        if (d < bestDistance) {
                            best = o;
                            bestDistance = d;
                        }
                    }
                }
                int p = y * Subarray.COLUMNS + x;
                depth[p] = reference[p] ? 0f : (float) spectrum.depth(lambda[best]);
            }
        }
        return depth;
    }

    /** Reference pixels: columns 0–3 and 2044–2047, and rows 252–255 of SUBSTRIP256. */
    private static boolean[] referencePixels(Subarray sub) {
        int rows = sub.rows();
        boolean[] ref = new boolean[rows * Subarray.COLUMNS];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < Subarray.COLUMNS; x++) {
                ref[y * Subarray.COLUMNS + x] = x < 4 || x >= Subarray.COLUMNS - 4
                        || (sub == Subarray.SUBSTRIP256 && y >= rows - 4);
            }
        }
        return ref;
    }

    /** out(y, x) = in(y, x − shift), linear interpolation, edge values held. */
    private float[] shiftX(float[] in, double shift) {
        float[] out = new float[pixels];
        int n = Subarray.COLUMNS;
        for (int x = 0; x < n; x++) {
            LinearSample s = LinearSample.at(x, shift, n);
            for (int y = 0; y < rows; y++) {
                int r = y * n;
                out[r + x] = (1 - s.weight()) * in[r + s.lower()] + s.weight() * in[r + s.upper()];
            }
        }
        return out;
    }

    /** out(y, x) = in(y − dy, x), linear interpolation, edge rows held. */
    private void shiftY(float[] in, double dy, float[] out) {
        int n = Subarray.COLUMNS;
        for (int y = 0; y < rows; y++) {
            LinearSample s = LinearSample.at(y, dy, rows);
            float f = s.weight();
            float g = 1 - f;
            int r = y * n;
            int r0 = s.lower() * n;
            int r1 = s.upper() * n;
            for (int x = 0; x < n; x++) {
                out[r + x] = g * in[r0 + x] + f * in[r1 + x];
            }
        }
    }

    /**
     * Where output index {@code i} of a line of {@code n} samples reads when the content moves by {@code shift}:
     * between {@code lower} and {@code upper}, {@code weight} of the way to {@code upper}; edge samples held.
     */
    private record LinearSample(int lower, int upper, float weight) {
        static LinearSample at(int i, double shift, int n) {
            double src = Math.max(0, Math.min(n - 1, i - shift));
            int lower = (int) Math.floor(src);
            return new LinearSample(lower, Math.min(n - 1, lower + 1), (float) (src - lower));
        }
    }

    private static int poisson(SplittableRandom rng, double mean) {
        double limit = Math.exp(-mean);
        int n = 0;
        double product = rng.nextDouble();
        while (product > limit) {
            n++;
            product *= rng.nextDouble();
        }
        return n;
    }

    private Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("seed", Long.toString(options.seed()));
        p.put("segments", Integer.toString(options.segments()));
        p.put("intsPerSegment", Integer.toString(options.intsPerSegment()));
        p.put("scene", scene.source());
        p.put("subarray", scene.subarray().name());
        p.put("spectrum", spectrum.source());
        p.put("xShiftPixels", Double.toString(options.xShiftPixels()));
        p.put("jitterRms", Double.toString(options.jitterRms()));
        p.put("cosmicRaysPerIntegration", Double.toString(options.cosmicRaysPerIntegration()));
        p.put("badPixels", Integer.toString(options.badPixels()));
        p.put("integrationTime", Double.toString(options.integrationTime()));
        p.put("gain", Double.toString(options.gain()));
        p.put("readNoise", Double.toString(options.readNoise()));
        p.put("pwcpos", Double.toString(options.pwcpos()));
        p.put("transitMid", Double.toString(options.transitMid()));
        p.put("transit", transit.toString());
        p.put("boxWidth", Double.toString(InjectedTruth.BOX_WIDTH));
        p.put("errModel", "ERR = sqrt(max(F,0)*gain*t + readNoise^2)/(gain*t) DN/s from the noiseless flux F; "
                + "SCI = F + ERR*N(0,1) (Gaussian approximation of Poisson)");
        p.put("flux", "F = S(y - dy, x - xShift) * (1 - depth(lambda) * s(t)); reference pixels = S");
        return p;
    }
}
