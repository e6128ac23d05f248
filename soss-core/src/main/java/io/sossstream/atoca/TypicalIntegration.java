package io.sossstream.atoca;

import io.sossstream.segment.Frame;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The data ATOCA chooses its wavelength grid and Tikhonov factors on, once per observation (jwst 3.0): the mean
 * of the reference integrations plus Gaussian noise of σ = mederr·√((n−1)/n), where mederr is the per-pixel median
 * ERR, so that the mean has the noise of one integration. Its errors are mederr, which also weight every
 * integration's fit (the factorised normal matrix depends on them).
 *
 * @param data     typical integration, rows × cols (NaN on bad pixels)
 * @param sigma    per-pixel median error
 * @param bad      pixels unusable in every integration (DO_NOT_USE, non-finite, ERR ≤ 0)
 * @param refPixel reference pixels (DQ REFERENCE_PIXEL)
 */
public record TypicalIntegration(int rows, int cols, double[] data, double[] sigma, boolean[] bad, boolean[] refPixel) {
    /** DQ bit 31: REFERENCE_PIXEL. */
    public static final int REFERENCE_PIXEL = 1 << 31;
    /** Seed of the noise (jwst: {@code default_rng(42)}). */
    public static final long SEED = 42;

    /**
     * From integrations; {@code noise} (rows × cols) is added instead of seeded Gaussian noise when given (e.g. the
     * exact noise jwst drew).
     */
    public static TypicalIntegration of(List<Frame> frames, double[] noise) {
        Frame f0 = frames.get(0);
        int rows = f0.rows;
        int cols = f0.cols;
        int n = frames.size();
        int np = rows * cols;
        double[] mean = new double[np];
        double[] med = new double[np];
        boolean[] bad = new boolean[np];
        boolean[] ref = new boolean[np];
        double[] vals = new double[n];
        double[] errs = new double[n];
        SplittableRandom rng = new SplittableRandom(SEED);
        double scale = Math.sqrt((n - 1.0) / n);
        for (int p = 0; p < np; p++) {
            int good = 0;
            for (int i = 0; i < n; i++) {
                Frame f = frames.get(i);
                ref[p] |= (f.dq[p] & REFERENCE_PIXEL) != 0;
                float s = f.sci[p];
                float e = f.err[p];
                if (Float.isFinite(s) && Float.isFinite(e) && e > 0 && (f.dq[p] & Frame.DO_NOT_USE) == 0) {
                    vals[good] = s;
                    errs[good] = e;
                    good++;
                }
            }
            if (good == 0) {
                bad[p] = true;
                mean[p] = Double.NaN;
                med[p] = Double.NaN;
                continue;
            }
            double s = 0;
            for (int i = 0; i < good; i++) {
                s += vals[i];
            }
            mean[p] = s / good;
            double[] e = Arrays.copyOf(errs, good);
            Arrays.sort(e);
            med[p] = good % 2 == 1 ? e[good / 2] : 0.5 * (e[good / 2 - 1] + e[good / 2]);
        }
        for (int p = 0; p < np; p++) {
            double z = noise != null ? noise[p] : gaussian(rng) * (Double.isFinite(med[p]) ? med[p] * scale : 0);
            if (!bad[p]) {
                mean[p] += z;
            }
        }
        return new TypicalIntegration(rows, cols, mean, med, bad, ref);
    }

    /** Standard normal deviate (Marsaglia polar method), deterministic for a seeded generator. */
    private static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
