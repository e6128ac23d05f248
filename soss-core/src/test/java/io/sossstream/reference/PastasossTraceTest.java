package io.sossstream.reference;

import io.sossstream.segment.Subarray;
import io.sossstream.trace.TracePrior;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PASTASOSS trace models: read as published, rotated about their pivot by PWCPOS − 245.76°. */
class PastasossTraceTest {

    /** The "x y" rows of the packaged order-1 file, read here independently (first row = pivot). */
    private static List<double[]> rows() throws IOException {
        try (InputStream in = Pastasoss.open("jwst_niriss_gr700xd_order1_trace_refmodel.txt")) {
            List<double[]> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    String[] f = l.trim().split("\\s+");
                    out.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
                }
            }
            return out;
        }
    }

    @Test
    void atTheCommandedPositionTheTraceIsTheFile() throws IOException {
        List<double[]> r = rows();
        double[] y = PastasossTrace.load(1).rowsAtColumns(245.76, Subarray.SUBSTRIP256);
        for (int i = 1; i < r.size(); i += 97) {
            assertEquals(r.get(i)[1], y[(int) r.get(i)[0]], 1e-12);
        }
        double[] y96 = PastasossTrace.load(1).rowsAtColumns(245.76, Subarray.SUBSTRIP96);
        assertEquals(y[1000] - 10, y96[1000], 1e-12);
    }

    /**
     * Hand computation: rotating (x, y) about the pivot (1887, 54) by θ = PWCPOS − 245.76 moves a point at
     * dx = x − 1887 to y' ≈ 54 + dx·sin θ + (y − 54)·cos θ at x' = 1887 + dx·cos θ − (y − 54)·sin θ; for θ = +0.1°
     * the trace far left of the pivot (dx ≈ −1883) drops by ≈ 1883·sin 0.1° ≈ 3.29 px.
     */
    @Test
    void rotationAboutThePivot() throws IOException {
        List<double[]> r = rows();
        double[] pivot = r.get(0);
        double theta = Math.toRadians(0.1);
        double[] y = PastasossTrace.load(1).rowsAtColumns(245.86, Subarray.SUBSTRIP256);
        // the point of the file at x = 4 after rotation
        double[] p = r.stream().filter(q -> q[0] == 4.0).findFirst().orElseThrow();
        double dx = p[0] - pivot[0];
        double dy = p[1] - pivot[1];
        double xr = pivot[0] + dx * Math.cos(theta) - dy * Math.sin(theta);
        double yr = pivot[1] + dx * Math.sin(theta) + dy * Math.cos(theta);
        int col = (int) Math.ceil(xr);
        double slope = y[col + 1] - y[col];
        assertEquals(yr + slope * (col - xr), y[col], 2e-3);
        assertTrue(p[1] - y[4] > 3.0 && p[1] - y[4] < 3.6, "drop at x = 4: " + (p[1] - y[4]));
        double atPivot = r.subList(1, r.size()).stream().filter(q -> q[0] == pivot[0]).findFirst().orElseThrow()[1];
        assertEquals(atPivot, y[(int) pivot[0]], 1e-3, "the trace barely moves at the pivot column");
    }

    @Test
    void priorFallsBackToSpectraceOutsideTheModelRange() {
        TracePrior in = TracePrior.of(Subarray.SUBSTRIP256, 245.80);
        TracePrior out = TracePrior.of(Subarray.SUBSTRIP256, 246.50);
        TracePrior unknown = TracePrior.of(Subarray.SUBSTRIP256, Double.NaN);
        assertTrue(in.source().startsWith("pastasoss"), in.source());
        assertTrue(out.source().startsWith("spectrace_0023"), out.source());
        assertTrue(unknown.source().contains("PWCPOS unknown"), unknown.source());
        SpecTrace t = SpecTrace.load(Subarray.SUBSTRIP256);
        assertEquals(t.yAt(1, 1000), out.order(1)[1000], 1e-12);
        assertEquals(t.yAt(3, 500), in.order(3)[500], 1e-12);
        // PASTASOSS and SPECTRACE describe the same trace to about a pixel
        assertEquals(t.yAt(1, 1000), in.order(1)[1000], 1.5);
        assertEquals(t.yAt(2, 1000), in.order(2)[1000], 1.5);
    }
}
