package io.sossstream.spectra;

import io.sossstream.stats.MedianFilter;
import io.sossstream.stats.NanStats;


/**
 * Outlier cleaning of spectroscopic light curves flux[t][c] (exoTEDRF {@code sigma_clip_lightcurves},
 * thresh = 10, window = 10), applied to fluxes only. Three steps:
 * <ol>
 *   <li><b>Noisy channels.</b> Channel scatter s[c] = nanmedian_t |½(f[t−1,c] + f[t+1,c]) − f[t,c]| (zeros → +∞),
 *       d = s − median_filter(s, window) (reflect), σ = nanmedian_c |½(d[c−1] + d[c+1]) − d[c]|; channels with
 *       |d|/σ ≥ thresh are bad.</li>
 *   <li><b>Repair.</b> Runs of consecutive bad channels shorter than {@code maxInterpolatedRun} (10) are replaced by
 *       the weighted average of the neighbours low = min(run) − 1 and up = max(run) + 1 (clamped to the array;
 *       the original, unrepaired fluxes), with weight w·(i+1) on low and 1 − w·(i+1) on up, w = 1/(len+1), for the
 *       i-th channel of the run. Quirk kept from exoTEDRF: the weight on low grows along the run, so the channel
 *       next to low leans towards up (a linear interpolation would do the opposite). Longer runs become NaN.</li>
 *   <li><b>Pixels in time.</b> f_filt = median_filter(f, (window, 1)) of the original fluxes; its first and last
 *       h = window/2 rows are replaced by np.median of rows [h, h+window) and of rows
 *       [n−h−1−window, n−h−1) (Python slices, as exoTEDRF); σ_c = np.median_t |½(f[t−1] + f[t+1]) − f[t]|
 *       (zeros → +∞; plain median, a NaN makes σ_c NaN and the channel is never clipped); pixels with
 *       |f − f_filt|/σ_c &gt; thresh take f_filt. As in exoTEDRF this is evaluated on the original fluxes and
 *       overwrites steps 1–2 where it fires (a masked channel can get a value back).</li>
 * </ol>
 * Integer division h = window/2 with window = 1 would make exoTEDRF's {@code f_filt[-0:]} the whole array; here
 * the edge rows are only replaced for h ≥ 1. With no bad channel, step 2 does nothing (exoTEDRF would fail on
 * the empty run).
 */
public final class LightCurveClipper {
    /** exoTEDRF's defaults in {@code format_soss_spectra}. */
    public static final double DEFAULT_THRESH = 10;
    public static final int DEFAULT_WINDOW = 10;
    /** Runs of this many bad channels or more are masked instead of interpolated (hard-coded in exoTEDRF). */
    public static final int DEFAULT_MAX_INTERPOLATED_RUN = 10;

    /** Channels transposed at a time (a block of n integrations × 64 channels stays in the core's caches). */
    private static final int BLOCK = 64;

    private final double thresh;
    private final int window;
    private final int maxInterpolatedRun;

    public LightCurveClipper() {
        this(DEFAULT_THRESH, DEFAULT_WINDOW, DEFAULT_MAX_INTERPOLATED_RUN);
    }

    public LightCurveClipper(double thresh, int window) {
        this(thresh, window, DEFAULT_MAX_INTERPOLATED_RUN);
    }

    public LightCurveClipper(double thresh, int window, int maxInterpolatedRun) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be ≥ 1, not " + window);
        }
        this.thresh = thresh;
        this.window = window;
        this.maxInterpolatedRun = maxInterpolatedRun;
    }

    /**
     * What the clipping did.
     *
     * @param flux                  the cleaned fluxes (a new array)
     * @param interpolatedChannels  channels replaced by interpolation (step 2)
     * @param maskedChannels        channels set to NaN (step 2)
     * @param clippedPixels         pixels replaced by the running median (step 3)
     */
    public record Outcome(double[][] flux, int interpolatedChannels, int maskedChannels, int clippedPixels) {
    }

    /** The cleaned fluxes; {@code flux} (nint × nchan) is not modified. */
    public double[][] clip(double[][] flux) {
        return clipWithReport(flux).flux();
    }

    /** As {@link #clip}, with counts for the log. */
    public Outcome clipWithReport(double[][] flux) {
        int n = flux.length;
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            out[t] = flux[t].clone();
        }
        if (n < 3 || flux[0].length == 0) {
            return new Outcome(out, 0, 0, 0);
        }
        int nw = flux[0].length;
        boolean[] bad = badChannels(flux);
        int interpolated = 0;
        int masked = 0;
        int c = 0;
        while (c < nw) {
            if (!bad[c]) {
                c++;
                continue;
            }
            int first = c;
            while (c < nw && bad[c]) {
                c++;
            }
            int len = c - first;
            if (len < maxInterpolatedRun) {
                interpolate(flux, out, first, len);
                interpolated += len;
            } else {
                for (int k = first; k < first + len; k++) {
                    for (int t = 0; t < n; t++) {
                        out[t][k] = Double.NaN;
                    }
                }
                masked += len;
            }
        }
        int clipped = clipPixels(flux, out);
        return new Outcome(out, interpolated, masked, clipped);
    }

    /** Step 1: channels whose time scatter stands out from its running median. */
    private boolean[] badChannels(double[][] flux) {
        int n = flux.length;
        int nw = flux[0].length;
        double[] scatter = new double[nw];
        double[] work = new double[n];
        double[][] columns = new double[Math.min(BLOCK, nw)][n];
        for (int c0 = 0; c0 < nw; c0 += BLOCK) {
            int b = Math.min(BLOCK, nw - c0);
            transpose(flux, c0, b, columns);
            for (int j = 0; j < b; j++) {
                double s = NanStats.nanmedianScatter(columns[j], n, work);
                scatter[c0 + j] = s == 0 ? Double.POSITIVE_INFINITY : s;
            }
        }
        double[] filtered = MedianFilter.filter(scatter, window);
        double[] diff = new double[nw];
        for (int c = 0; c < nw; c++) {
            diff[c] = scatter[c] - filtered[c];
        }
        double sigma = NanStats.nanmedianScatter(diff, nw, new double[Math.max(nw - 2, 0)]);
        boolean[] bad = new boolean[nw];
        for (int c = 0; c < nw; c++) {
            bad[c] = Math.abs(diff[c]) / sigma >= thresh;
        }
        return bad;
    }

    /** Step 2 for a short run: exoTEDRF's weighted average of the neighbours (np.average arithmetic). */
    private static void interpolate(double[][] flux, double[][] out, int first, int len) {
        int nw = flux[0].length;
        int low = Math.max(first - 1, 0);
        int up = Math.min(first + len, nw - 1);
        double w = 1.0 / (len + 1);
        for (int i = 0; i < len; i++) {
            double wLow = w * (i + 1);
            double wUp = 1 - w * (i + 1);
            double scale = wLow + wUp;
            for (int t = 0; t < flux.length; t++) {
                out[t][first + i] = (flux[t][low] * wLow + flux[t][up] * wUp) / scale;
            }
        }
    }

    /**
     * Step 3: replaces pixels far from the running time median; returns how many. Channels are taken a block at a
     * time, transposed into contiguous time series (the fluxes are stored integration by integration), and each
     * channel goes through exactly the steps of the whole-array formulation: filter, edge rows, scatter, clip.
     */
    private int clipPixels(double[][] flux, double[][] out) {
        int n = flux.length;
        int nw = flux[0].length;
        int h = window / 2;
        double[][] columns = new double[Math.min(BLOCK, nw)][n];
        double[] filt = new double[n];
        double[] sorted = new double[window];
        double[] work = new double[n];
        int clipped = 0;
        for (int c0 = 0; c0 < nw; c0 += BLOCK) {
            int b = Math.min(BLOCK, nw - c0);
            transpose(flux, c0, b, columns);
            for (int j = 0; j < b; j++) {
                double[] f = columns[j];
                int c = c0 + j;
                double sigma = NanStats.medianScatter(f, n, work);
                if (sigma != sigma) {
                    continue; // |f − f_filt| / NaN > thresh never holds: the channel keeps its values, unfiltered
                }
                if (sigma == 0) {
                    sigma = Double.POSITIVE_INFINITY;
                }
                MedianFilter.filter(f, n, window, filt, sorted);
                if (h >= 1) {
                    replaceRows(filt, 0, Math.min(h, n), pySliceStart(h, n), pySliceStop(h + window, n), work);
                    replaceRows(filt, pySliceStart(-h, n), n, pySliceStart(-(h + 1 + window), n),
                            pySliceStop(-(h + 1), n), work);
                }
                for (int t = 0; t < n; t++) {
                    if (Math.abs(f[t] - filt[t]) / sigma > thresh) {
                        out[t][c] = filt[t];
                        clipped++;
                    }
                }
            }
        }
        return clipped;
    }

    /** {@code columns[j][t] = flux[t][c0 + j]} for j in [0, b). */
    private static void transpose(double[][] flux, int c0, int b, double[][] columns) {
        for (int t = 0; t < flux.length; t++) {
            double[] row = flux[t];
            for (int j = 0; j < b; j++) {
                columns[j][t] = row[c0 + j];
            }
        }
    }

    /** filt[from:to] = np.median(filt[s0:s1]) of one channel (NaN if the slice is empty or holds NaN). */
    private static void replaceRows(double[] filt, int from, int to, int s0, int s1, double[] work) {
        int m = 0;
        boolean nan = false;
        for (int t = s0; t < s1; t++) {
            double v = filt[t];
            nan |= v != v;
            work[m++] = v;
        }
        double med = nan ? Double.NaN : NanStats.medianInPlace(work, m);
        for (int t = from; t < to; t++) {
            filt[t] = med;
        }
    }

    /** Python's normalisation of a slice start. */
    private static int pySliceStart(int s, int n) {
        if (s < 0) {
            s += n;
        }
        return Math.min(Math.max(s, 0), n);
    }

    /** Python's normalisation of a slice stop. */
    private static int pySliceStop(int s, int n) {
        return pySliceStart(s, n);
    }
}
