package io.sossstream.atoca;

import io.sossstream.segment.Frame;

import java.util.ArrayList;
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
    /** Integrations whose ERR enters the median error. */
    public static final int ERROR_SAMPLES = 32;

    /**
     * From integrations; {@code noise} (rows × cols) is added instead of seeded Gaussian noise when given (e.g. the
     * exact noise jwst drew).
     */
    public static TypicalIntegration of(List<Frame> frames, double[] noise) {
        Accumulator acc = new Accumulator(frames.get(0).rows, frames.get(0).cols, frames.size());
        frames.forEach(acc::add);
        return acc.finish(noise);
    }

    /**
     * Streams the reference integrations: the mean is exact; the median error is taken over at most
     * {@link #ERROR_SAMPLES} integrations evenly spread through them (ERR changes slowly in time; this bounds
     * the memory of a long observation to ~{@value #ERROR_SAMPLES} frames).
     */
    public static final class Accumulator {
        private final int rows;
        private final int cols;
        private final int stride;
        private final double[] sum;
        private final int[] count;
        private final boolean[] ref;
        private final List<float[]> errs = new ArrayList<>();
        private final List<boolean[]> errGood = new ArrayList<>();
        private int seen;

        public Accumulator(int rows, int cols, int expectedFrames) {
            this.rows = rows;
            this.cols = cols;
            stride = Math.max(1, (expectedFrames + ERROR_SAMPLES - 1) / ERROR_SAMPLES);
            sum = new double[rows * cols];
            count = new int[rows * cols];
            ref = new boolean[rows * cols];
        }

        public void add(Frame f) {
            int np = rows * cols;
            boolean keep = seen % stride == 0;
            float[] e = keep ? f.err.clone() : null;
            boolean[] good = keep ? new boolean[np] : null;
            for (int p = 0; p < np; p++) {
                ref[p] |= (f.dq[p] & REFERENCE_PIXEL) != 0;
                float s = f.sci[p];
                float er = f.err[p];
                boolean ok = Float.isFinite(s) && Float.isFinite(er) && er > 0 && (f.dq[p] & Frame.DO_NOT_USE) == 0;
                if (ok) {
                    sum[p] += s;
                    count[p]++;
                }
                if (keep) {
                    good[p] = ok;
                }
            }
            if (keep) {
                errs.add(e);
                errGood.add(good);
            }
            seen++;
        }

        public TypicalIntegration finish(double[] noise) {
            int np = rows * cols;
            int n = seen;
            double[] mean = new double[np];
            double[] med = new double[np];
            boolean[] bad = new boolean[np];
            double[] vals = new double[errs.size()];
            SplittableRandom rng = new SplittableRandom(SEED);
            double scale = Math.sqrt((n - 1.0) / n);
            for (int p = 0; p < np; p++) {
                int m = 0;
                for (int k = 0; k < errs.size(); k++) {
                    if (errGood.get(k)[p]) {
                        vals[m++] = errs.get(k)[p];
                    }
                }
                if (count[p] == 0 || m == 0) {
                    bad[p] = true;
                    mean[p] = Double.NaN;
                    med[p] = Double.NaN;
                } else {
                    mean[p] = sum[p] / count[p];
                    Arrays.sort(vals, 0, m);
                    med[p] = m % 2 == 1 ? vals[m / 2] : 0.5 * (vals[m / 2 - 1] + vals[m / 2]);
                }
                double z = noise != null ? noise[p] : gaussian(rng) * (bad[p] ? 0 : med[p] * scale);
                if (!bad[p]) {
                    mean[p] += z;
                }
            }
            return new TypicalIntegration(rows, cols, mean, med, bad, ref.clone());
        }
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
