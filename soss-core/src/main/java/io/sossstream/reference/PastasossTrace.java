package io.sossstream.reference;

import io.sossstream.segment.Subarray;
import io.sossstream.stats.Interp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A PASTASOSS trace reference model: the trace (x, y in SUBSTRIP256 pixels) at the commanded PWCPOS and the
 * pivot it turns about. At another PWCPOS the trace is the reference curve rotated about the pivot by
 * +(PWCPOS − 245.76)° (counter-clockwise in x, y), then interpolated back onto whole columns, as pastasoss's
 * {@code get_trace_from_reference_transform} does.
 */
public final class PastasossTrace {
    /** Order 1, and order 2 in its version 002, which covers the whole order-2 trace. */
    private static final String[] FILES = {"jwst_niriss_gr700xd_order1_trace_refmodel.txt",
        "jwst_niriss_gr700xd_order2_trace_refmodel_002.txt"};

    private final int order;
    private final double pivotX;
    private final double pivotY;
    private final double[] x;
    private final double[] y;

    private PastasossTrace(int order, double pivotX, double pivotY, double[] x, double[] y) {
        this.order = order;
        this.pivotX = pivotX;
        this.pivotY = pivotY;
        this.x = x;
        this.y = y;
    }

    /** The packaged model of order 1 or 2. */
    public static PastasossTrace load(int order) {
        if (order < 1 || order > FILES.length) {
            throw new IllegalArgumentException("PASTASOSS has trace models for orders 1 and 2, not " + order);
        }
        try (InputStream in = Pastasoss.open(FILES[order - 1])) {
            return read(in, order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the text layout: {@code #} comments, then "x y" rows, the first being the pivot. */
    static PastasossTrace read(InputStream in, int order) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
        }
        double[] xs = new double[rows.size() - 1];
        double[] ys = new double[rows.size() - 1];
        for (int i = 1; i < rows.size(); i++) {
            xs[i - 1] = rows.get(i)[0];
            ys[i - 1] = rows.get(i)[1];
        }
        return new PastasossTrace(order, rows.get(0)[0], rows.get(0)[1], xs, ys);
    }

    public int order() {
        return order;
    }

    /**
     * Trace y at every detector column for a PWCPOS, in the rows of {@code subarray}; NaN at columns outside the
     * rotated model's x range (the model is not extrapolated).
     */
    public double[] rowsAtColumns(double pwcpos, Subarray subarray) {
        double a = Math.toRadians(pwcpos - Pastasoss.COMMANDED_PWCPOS);
        double c = Math.cos(a);
        double s = Math.sin(a);
        double[] xr = new double[x.length];
        double[] yr = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - pivotX;
            double dy = y[i] - pivotY;
            xr[i] = pivotX + c * dx - s * dy;
            yr[i] = pivotY + s * dx + c * dy;
        }
        // x stays increasing for the tiny angles involved (|a| < 1°, slopes < 1).
        double offset = Pastasoss.rowOffsetFrom256(subarray);
        double[] out = new double[Subarray.COLUMNS];
        Arrays.fill(out, Double.NaN);
        for (int col = 0; col < out.length; col++) {
            if (col >= xr[0] && col <= xr[xr.length - 1]) {
                out[col] = Interp.interp(col, xr, yr) + offset;
            }
        }
        return out;
    }
}
