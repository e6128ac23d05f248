package io.sossstream.extract;

import io.sossstream.segment.Frame;
import io.sossstream.trace.TraceCentroids;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxExtractorTest {
    private static final int ROWS = 64;
    private static final int COLS = 400;

    static Frame randomFrame(Random rng, int rows, int cols) {
        Frame f = new Frame(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            f.sci[i] = (float) (100 + 50 * rng.nextGaussian());
            f.err[i] = (float) (1 + rng.nextDouble());
        }
        return f;
    }

    /** Brute force: every row weighted by its overlap with [lo, up) ∩ [0, dimy); NaN if there is none. */
    static double[] bruteForce(Frame f, double c, double w) {
        if (Double.isNaN(c)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double lo = Math.max(c - w / 2, 0);
        double up = Math.min(c + w / 2, f.rows);
        if (!(up > lo)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double flux = 0;
        double var = 0;
        for (int r = 0; r < f.rows; r++) {
            double overlap = Math.max(0, Math.min(r + 1, up) - Math.max(r, lo));
            if (overlap > 0) {
                flux += overlap * f.sci[r * f.cols];
                double e = f.err[r * f.cols];
                var += overlap * e * e;
            }
        }
        return new double[] {flux, Math.sqrt(var)};
    }

    /** Literal transcription of the Appendix formula (exoTEDRF do_box_extraction), in double. */
    static double[] exoTedrf(Frame f, int x, double c, double width) {
        int dimy = f.rows;
        int cols = f.cols;
        double edgeUp = Math.min(c + width / 2, dimy);
        double edgeLow = Math.max(c - width / 2, 0);
        int upWhole = (int) Math.floor(edgeUp);
        int lowWhole = (int) Math.ceil(edgeLow);
        double flux = 0;
        double err = 0;
        for (int r = lowWhole; r < upWhole; r++) {
            flux += f.sci[r * cols + x];
            double e = f.err[r * cols + x];
            err += e * e;
        }
        if (edgeUp >= dimy - 1 || edgeLow == 0) {
            return new double[] {flux, Math.sqrt(err)};
        }
        double upPart = edgeUp % 1;
        double lowPart = 1 - edgeLow % 1;
        double eu = f.err[upWhole * cols + x];
        double el = f.err[(lowWhole - 1) * cols + x];
        flux += upPart * f.sci[upWhole * cols + x] + lowPart * f.sci[(lowWhole - 1) * cols + x];
        err += upPart * (eu * eu) + lowPart * (el * el);
        return new double[] {flux, Math.sqrt(err)};
    }

    private static double[] extract(Frame f, double[] centres, double width, double[] err) {
        double[] flux = new double[f.cols];
        new BoxExtractor(BoxAperture.of(centres, width, f.rows)).extract(f, flux, err);
        return flux;
    }

    /** Column x of a single-column copy, for the brute-force reference. */
    private static Frame column(Frame f, int x) {
        Frame c = new Frame(f.rows, 1);
        for (int r = 0; r < f.rows; r++) {
            c.sci[r] = f.sci[r * f.cols + x];
            c.err[r] = f.err[r * f.cols + x];
        }
        return c;
    }

    @Test
    void equalsBruteForceIncludingDetectorEdgesAndIntegerLo() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            Frame f = randomFrame(rng, ROWS, COLS);
            double width = trial == 0 ? 30 : 0.5 + 40 * rng.nextDouble();
            double[] centres = new double[COLS];
            for (int x = 0; x < COLS; x++) {
                centres[x] = switch (x % 8) {
                    case 0 -> Double.NaN;                                         // not extracted
                    case 1 -> Math.floor(rng.nextDouble() * ROWS) + width / 2;    // integer lo
                    case 2 -> rng.nextDouble() * width / 2;                       // crosses row 0
                    case 3 -> ROWS - rng.nextDouble() * width / 2;                // crosses dimy
                    case 4 -> -width / 2 - 3 + 6 * rng.nextDouble();              // (almost) off the bottom
                    default -> -5 + (ROWS + 10) * rng.nextDouble();               // anywhere
                };
            }
            double[] err = new double[COLS];
            double[] flux = extract(f, centres, width, err);
            for (int x = 0; x < COLS; x++) {
                double[] ref = bruteForce(column(f, x), centres[x], width);
                if (Double.isNaN(ref[0])) {
                    assertTrue(Double.isNaN(flux[x]) && Double.isNaN(err[x]), "not extracted x=" + x);
                    continue;
                }
                assertEquals(ref[0], flux[x], 1e-9 * Math.max(1, Math.abs(ref[0])), "flux x=" + x + " w=" + width);
                assertEquals(ref[1], err[x], 1e-9 * Math.max(1, ref[1]), "err x=" + x);
            }
        }
    }

    /** The row-by-row walk sums every column in the order of a column-by-column walk: the same bits. */
    @Test
    void rowOrderEqualsTheColumnWalkToTheBit() {
        Random rng = new Random(17);
        Frame f = randomFrame(rng, ROWS, COLS);
        for (int i = 0; i < f.sci.length; i += 97) {
            f.sci[i] = Float.NaN;
        }
        double[] centres = new double[COLS];
        for (int x = 0; x < COLS; x++) {
            centres[x] = x % 11 == 0 ? Double.NaN : -5 + (ROWS + 10) * rng.nextDouble();
        }
        for (double width : new double[]{30, 0.7, 7.25}) {
            BoxAperture a = BoxAperture.of(centres, width, ROWS);
            double[] flux = new double[COLS];
            double[] err = new double[COLS];
            new BoxExtractor(a).extract(f, flux, err);
            for (int x = 0; x < COLS; x++) {
                double fx = Double.NaN;
                double ex = Double.NaN;
                if (a.isExtracted(x)) {
                    double s = 0;
                    double v = 0;
                    for (int y = a.wholeStart(x); y < a.wholeEnd(x); y++) {
                        s += f.sci[y * COLS + x];
                        double e = f.err[y * COLS + x];
                        v += e * e;
                    }
                    double pf = 0;
                    double pv = 0;
                    if (a.upperRow(x) >= 0) {
                        double e = f.err[a.upperRow(x) * COLS + x];
                        pf = a.upperWeight(x) * f.sci[a.upperRow(x) * COLS + x];
                        pv = a.upperWeight(x) * (e * e);
                    }
                    if (a.lowerRow(x) >= 0) {
                        double e = f.err[a.lowerRow(x) * COLS + x];
                        pf += a.lowerWeight(x) * f.sci[a.lowerRow(x) * COLS + x];
                        pv += a.lowerWeight(x) * (e * e);
                    }
                    fx = s + pf;
                    ex = Math.sqrt(v + pv);
                }
                assertEquals(Double.doubleToRawLongBits(fx), Double.doubleToRawLongBits(flux[x]), "flux x=" + x);
                assertEquals(Double.doubleToRawLongBits(ex), Double.doubleToRawLongBits(err[x]), "err x=" + x);
            }
        }
    }

    @Test
    void identicalToExoTedrfInsideTheDetectorWithNonIntegerLo() {
        Random rng = new Random(11);
        Frame f = randomFrame(rng, ROWS, COLS);
        for (double width : new double[] {10, 25, 30, 31, 17.3}) {
            double[] centres = new double[COLS];
            for (int x = 0; x < COLS; x++) {
                double c;
                do {
                    c = width / 2 + 0.01 + (ROWS - 1 - width - 0.02) * rng.nextDouble();
                } while ((c - width / 2) % 1 == 0);
                centres[x] = c;
            }
            double[] err = new double[COLS];
            double[] flux = extract(f, centres, width, err);
            for (int x = 0; x < COLS; x++) {
                double[] ref = exoTedrf(f, x, centres[x], width);
                assertEquals(ref[0], flux[x], 0.0, "flux x=" + x);
                assertEquals(ref[1], err[x], 0.0, "err x=" + x);
            }
        }
    }

    @Test
    void integerLoDiffersFromExoTedrfByExactlyOneRow() {
        Random rng = new Random(13);
        Frame f = randomFrame(rng, ROWS, COLS);
        for (double width : new double[] {30, 29.5}) {                       // up integer, up non-integer
            double[] centres = new double[COLS];
            for (int x = 0; x < COLS; x++) {
                centres[x] = 1 + rng.nextInt(ROWS - 33) + width / 2;          // lo integer (exact in binary)
            }
            double[] err = new double[COLS];
            double[] flux = extract(f, centres, width, err);
            for (int x = 0; x < COLS; x++) {
                int lo = (int) (centres[x] - width / 2);
                assertEquals(lo, centres[x] - width / 2, 0.0);
                double[] ref = exoTedrf(f, x, centres[x], width);
                // exoTEDRF adds row lo−1 with weight 1 − (lo mod 1) = 1
                double extraRow = f.sci[(lo - 1) * COLS + x];
                assertEquals(ref[0] - extraRow, flux[x], 1e-9 * Math.abs(ref[0]), "x=" + x);
                double e = f.err[(lo - 1) * COLS + x];
                assertEquals(ref[1] * ref[1] - e * e, err[x] * err[x], 1e-9 * ref[1] * ref[1], "x=" + x);
            }
        }
    }

    @Test
    void nanPropagatesAndUnextractedColumnsAreNaN() {
        Random rng = new Random(3);
        Frame f = randomFrame(rng, ROWS, 4);
        double[] centres = {30.3, 30.3, 30.3, Double.NaN};
        f.sci[20 * 4] = Float.NaN;         // inside the box of column 0
        f.sci[2 * 4 + 1] = Float.NaN;      // outside the box of column 1
        f.sci[15 * 4 + 2] = Float.NaN;     // lower partial row of column 2 (lo = 15.3 → row 15, weight 0.7)
        double[] err = new double[4];
        double[] flux = extract(f, centres, 30, err);
        assertTrue(Double.isNaN(flux[0]));
        assertTrue(Double.isFinite(flux[1]));
        assertTrue(Double.isNaN(flux[2]));
        assertTrue(Double.isNaN(flux[3]), "not extracted: NaN, not exoTEDRF's 0");
        assertTrue(Double.isNaN(err[3]));
    }

    @Test
    void orderTwoExtractsTheFirstNColumnsWithFiniteCentroids() {
        double[] o1 = new double[10];
        double[] o2 = new double[10];
        java.util.Arrays.fill(o1, 20);
        java.util.Arrays.fill(o2, Double.NaN);
        for (int x = 0; x < 6; x++) {
            o2[x] = 40;
        }
        TraceCentroids c = new TraceCentroids(o1, o2, o2.clone(), "test");
        BoxAperture a2 = BoxAperture.forOrder(c, 2, 30, 64);
        for (int x = 0; x < 10; x++) {
            assertEquals(x < 6, a2.isExtracted(x), "x=" + x);
            assertTrue(BoxAperture.forOrder(c, 1, 30, 64).isExtracted(x));
        }
        assertArrayEquals(o1, BoxAperture.extractedCentres(c, 1));
    }
}
