package io.sossstream.specprofile;

import io.sossstream.plot.ImagePlot;
import io.sossstream.plot.LinePlot;
import io.sossstream.plot.PlotSheet;
import io.sossstream.segment.Subarray;
import io.sossstream.trace.TraceCentroids;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PNG a person opens to judge a spatial profile: the three order profiles on the detector with the trace
 * centroids over them, and one detector column of the deep stack against the profiles scaled to it by least
 * squares (the model ATOCA will make of that column, before decontamination).
 */
public final class SpecProfilePlot {
    /** The column cut: all three orders are on the detector there (SUBSTRIP256). */
    public static final int CUT_COLUMN = 1000;
    private static final Color[] COLORS = {new Color(230, 60, 60), new Color(60, 160, 255), new Color(80, 200, 80)};

    private SpecProfilePlot() {
    }

    /**
     * @param frame     the deep stack the profile was built from, row-major rows × 2048
     * @param centroids the centroids it was built with
     */
    public static void write(SpecProfile profile, double[] frame, TraceCentroids centroids, Path png)
            throws IOException {
        int rows = profile.subarray().rows();
        int cols = Subarray.COLUMNS;
        List<BufferedImage> panels = new ArrayList<>();
        boolean placeholders = profile.subarray() == Subarray.SUBSTRIP96;
        for (int order = 1; order <= SpecProfile.ORDERS; order++) {
            String title = "Order " + order + " spatial profile (columns sum to 1)"
                    + (placeholders && order > 1 ? ": flat placeholder, not on SUBSTRIP96" : "");
            ImagePlot img = new ImagePlot(title, rows, cols, profile.detectorProfile(order));
            img.curve("trace centroid", centroids.order(order), COLORS[order - 1], true);
            panels.add(img.render());
        }
        panels.add(columnCut(profile, frame, placeholders ? 1 : SpecProfile.ORDERS).render());
        PlotSheet.write(panels, png);
    }

    /** Column {@link #CUT_COLUMN} of the frame and Σ a_o·P_o with the a_o fitted by least squares. */
    static LinePlot columnCut(SpecProfile profile, double[] frame, int orders) {
        int rows = profile.subarray().rows();
        int cols = Subarray.COLUMNS;
        int x = CUT_COLUMN;
        double[] y = new double[rows];
        double[] data = new double[rows];
        double[][] basis = new double[orders][rows];
        for (int order = 1; order <= orders; order++) {
            double[] p = profile.detectorProfile(order);
            for (int r = 0; r < rows; r++) {
                basis[order - 1][r] = p[r * cols + x];
            }
        }
        for (int r = 0; r < rows; r++) {
            y[r] = r;
            data[r] = frame[r * cols + x];
        }
        double[] a = leastSquares(basis, data);
        LinePlot plot = new LinePlot("Column x = " + x + ": deep stack against the scaled profiles", "y (row)",
                "DN/s");
        plot.points("deep stack", y, data);
        double[] model = new double[rows];
        for (int o = 0; o < orders; o++) {
            double[] part = new double[rows];
            for (int r = 0; r < rows; r++) {
                part[r] = a[o] * basis[o][r];
                model[r] += part[r];
            }
            plot.line("order " + (o + 1) + " × " + String.format(java.util.Locale.ROOT, "%.4g", a[o]), y, part);
        }
        plot.line("sum of orders", y, model);
        return plot;
    }

    /** Coefficients minimising Σ (data − Σ a_o·basis_o)² over the finite rows (normal equations, n ≤ 3). */
    static double[] leastSquares(double[][] basis, double[] data) {
        int n = basis.length;
        double[][] m = new double[n][n + 1];
        for (int r = 0; r < data.length; r++) {
            if (!Double.isFinite(data[r])) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i][j] += basis[i][r] * basis[j][r];
                }
                m[i][n] += basis[i][r] * data[r];
            }
        }
        // Gauss–Jordan with partial pivoting; a singular system (an order absent from the column) gives 0 for it
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            if (Math.abs(m[c][c]) < 1e-300) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.abs(m[i][i]) < 1e-300 ? 0 : m[i][n] / m[i][i];
        }
        return a;
    }
}
