package io.sossstream.atoca;

/**
 * Decontamination and box extraction of every order (jwst {@code decontaminate_image}, {@code extract_image},
 * {@code box_extract}, {@code estim_error_nearest_data}).
 *
 * <p>Order n's data is the integration minus the models of all other orders (where they are modelled). With
 * {@link AtocaOptions.BadPixelMode#MODEL}, bad pixels inside the order's aperture that its model covers are
 * replaced by the model, and their error is the error of the good pixel in the aperture whose value is nearest;
 * with MASKING they get weight 0. The box sums are F = Σ w·D, σ² = Σ w·σ², NPIXELS = Σ w (w the aperture weight,
 * 0 on masked pixels); a column with no weight left is NaN.
 */
final class DecontaminatedBox {
    private DecontaminatedBox() {
    }

    static AtocaSpectra extract(AtocaModel model, double[][] traceModels, double[] sci, double[] err, boolean[] bad,
                                double[][] boxWeights) {
        int rows = model.rows();
        int cols = model.cols();
        int no = boxWeights.length;
        double[][] flux = new double[no][];
        double[][] ferr = new double[no][];
        double[][] npix = new double[no][];
        double[][] contamination = new double[no][];
        boolean useModel = model.options().badPixels() == AtocaOptions.BadPixelMode.MODEL;
        for (int o = 0; o < no; o++) {
            int cut = model.columns(o + 1);
            double[] w = boxWeights[o];
            double[] data = new double[rows * cols];
            double[] other = new double[rows * cols];
            for (int p = 0; p < data.length; p++) {
                double c = 0;
                for (int m = 0; m < traceModels.length; m++) {
                    if (m != o && Double.isFinite(traceModels[m][p])) {
                        c += traceModels[m][p];
                    }
                }
                other[p] = c;
                data[p] = sci[p] - c;
            }
            boolean[] masked = bad.clone();
            double[] e = err;
            if (useModel) {
                double[] own = traceModels[o];
                boolean[] estimateErr = new boolean[data.length];
                for (int p = 0; p < data.length; p++) {
                    if (bad[p] && Double.isFinite(own[p])) {
                        data[p] = own[p];
                        masked[p] = false;
                        estimateErr[p] = w[p] > 0;
                    }
                }
                e = nearestDataErrors(err, data, estimateErr, w, bad);
            }
            flux[o] = new double[cut];
            ferr[o] = new double[cut];
            npix[o] = new double[cut];
            contamination[o] = new double[cut];
            for (int x = 0; x < cut; x++) {
                double f = 0;
                double v = 0;
                double n = 0;
                double c = 0;
                for (int y = 0; y < rows; y++) {
                    int p = y * cols + x;
                    double wp = w[p];
                    if (wp > 0 && !masked[p]) {
                        f += wp * data[p];
                        v += wp * e[p] * e[p];
                        n += wp;
                        c += wp * other[p];
                    }
                }
                boolean empty = !(n > 0);
                flux[o][x] = empty ? Double.NaN : f;
                ferr[o][x] = empty ? Double.NaN : Math.sqrt(v);
                npix[o][x] = n;
                contamination[o][x] = empty ? Double.NaN : c;
            }
        }
        return new AtocaSpectra(flux, ferr, npix, contamination);
    }

    /**
     * The error of each pixel to estimate is the error of the valid pixel (inside the aperture, not bad) whose
     * value is closest to its value (the lower value on a tie). Bad pixels are few: a scan per pixel.
     */
    static double[] nearestDataErrors(double[] err, double[] data, boolean[] toEstimate, double[] weights, boolean[] bad) {
        int n = 0;
        int[] valid = new int[data.length];
        for (int p = 0; p < data.length; p++) {
            if (weights[p] > 0 && !bad[p]) {
                valid[n++] = p;
            }
        }
        double[] out = null;
        for (int p = 0; p < data.length; p++) {
            if (!toEstimate[p] || n == 0) {
                continue;
            }
            if (out == null) {
                out = err.clone();
            }
            double v = data[p];
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                int q = valid[i];
                double d = Math.abs(data[q] - v);
                if (d < bestD || (d == bestD && data[q] < data[best])) {
                    bestD = d;
                    best = q;
                }
            }
            out[p] = err[best];
        }
        return out == null ? err : out;
    }
}
