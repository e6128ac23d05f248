package io.sossstream.stage3;

import io.sossstream.plot.LinePlot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How much of the box flux of orders 1 and 2 was another order's light, per extracted column: the sum over
 * integrations of contamination / (decontaminated flux + contamination), and how many integrations gave a finite
 * fraction. Each segment's is stored with its spectra; the product's plot is the mean over the observation.
 *
 * @param fractionSum [order − 1][x] sum of the fractions
 * @param count       [order − 1][x] integrations summed
 */
public record Decontamination(double[][] fractionSum, int[][] count) {
    public static final String PLOT = "atoca_decontamination.png";

    /** Nothing summed yet, over the extracted columns of orders 1 and 2. */
    public static Decontamination empty(int columnsO1, int columnsO2) {
        return new Decontamination(new double[][] {new double[columnsO1], new double[columnsO2]},
                new int[][] {new int[columnsO1], new int[columnsO2]});
    }

    /** Adds one integration: per order, its decontaminated box flux and the other orders' share removed. */
    void add(int order, double[] flux, double[] contamination) {
        double[] sum = fractionSum[order - 1];
        int[] n = count[order - 1];
        for (int x = 0; x < sum.length; x++) {
            double frac = contamination[x] / (flux[x] + contamination[x]);
            if (Double.isFinite(frac)) {
                sum[x] += frac;
                n[x]++;
            }
        }
    }

    /** This and another segment's sums. */
    public Decontamination plus(Decontamination other) {
        double[][] s = new double[2][];
        int[][] n = new int[2][];
        for (int o = 0; o < 2; o++) {
            s[o] = fractionSum[o].clone();
            n[o] = count[o].clone();
            for (int x = 0; x < s[o].length; x++) {
                s[o][x] += other.fractionSum[o][x];
                n[o][x] += other.count[o][x];
            }
        }
        return new Decontamination(s, n);
    }

    /** Per order, the mean fraction against wavelength. */
    public void writePlot(AtocaSummary summary, Path png) throws IOException {
        LinePlot plot = new LinePlot("ATOCA decontamination: other orders' share of the box flux", "wavelength (µm)",
                "contamination fraction");
        for (int o = 0; o < 2; o++) {
            double[] w = summary.wavelengths(o + 1);
            double[] f = new double[w.length];
            for (int x = 0; x < w.length; x++) {
                f[x] = count[o][x] > 0 ? fractionSum[o][x] / count[o][x] : Double.NaN;
            }
            plot.line("order " + (o + 1), w, f);
        }
        plot.write(png);
    }
}
