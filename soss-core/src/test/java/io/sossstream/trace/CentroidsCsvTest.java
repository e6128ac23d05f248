package io.sossstream.trace;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CentroidsCsvTest {
    @TempDir
    Path dir;

    private static TraceCentroids sample() {
        double[] o1 = new double[2048];
        double[] o2 = new double[2048];
        double[] o3 = new double[2048];
        Arrays.fill(o2, Double.NaN);
        Arrays.fill(o3, Double.NaN);
        for (int x = 0; x < 2048; x++) {
            o1[x] = 85.42804773637792 - 0.0137 * x + 1e-5 * x * x / 3;
            if (x < 1813) {
                o2[x] = 102.77970204848778 + Math.sin(x / 100.0);
            }
            if (x < 1197) {
                o3[x] = 144.94300281542456 + x / 7.0;
            }
        }
        o1[5] = 100.0;
        return new TraceCentroids(o1, o2, o3, "edgetrigger");
    }

    @Test
    void roundTripIsExactIncludingNaN() {
        Path f = dir.resolve("jw01366002001_04101_00001_nis_centroids.csv");
        TraceCentroids c = sample();
        CentroidsCsv.write(f, c, "2024-01-02T03:04:05");
        TraceCentroids back = CentroidsCsv.read(f);
        for (int k = 1; k <= 3; k++) {
            assertArrayEquals(c.order(k), back.order(k), 0.0, "order " + k);
        }
        assertEquals("jw01366002001_04101_00001_nis_centroids.csv", back.source());
    }

    @Test
    void layoutIsExoTedrfs() throws IOException {
        Path f = dir.resolve("c.csv");
        CentroidsCsv.write(f, sample(), "2024-01-02T03:04:05");
        List<String> lines = Files.readAllLines(f);
        assertEquals(4 + 2048, lines.size());
        assertEquals("# File Contents: Edgetrigger trace centroids", lines.get(0));
        assertEquals("# File Creation Date: 2024-01-02T03:04:05", lines.get(1));
        assertEquals("# File Author: MCR", lines.get(2));
        assertEquals("xpos,ypos o1,ypos o2,ypos o3", lines.get(3));
        assertEquals("0,85.42804773637792,102.77970204848778,144.94300281542456", lines.get(4));
        assertTrue(lines.get(4 + 5).startsWith("5,100.0,"), lines.get(4 + 5));
        assertTrue(lines.get(4 + 1500).matches("1500,[0-9.]+,[0-9.]+,"), lines.get(4 + 1500));
        assertTrue(lines.get(4 + 2047).matches("2047,[0-9.]+,,"), lines.get(4 + 2047));
    }

    @Test
    void numbersAreWrittenLikePythonRepr() {
        assertEquals("0.1", CentroidsCsv.format(0.1));
        assertEquals("100.0", CentroidsCsv.format(100));
        assertEquals("-2.5", CentroidsCsv.format(-2.5));
        assertEquals("0.0001", CentroidsCsv.format(1e-4));
        assertEquals("1e-05", CentroidsCsv.format(1e-5));
        assertEquals("1.5e+16", CentroidsCsv.format(1.5e16));
        assertEquals("2.0000000000000004", CentroidsCsv.format(2.0000000000000004));
        assertEquals("", CentroidsCsv.format(Double.NaN));
        // Java 17's Double.toString is not always shortest (1e23 → "9.999999999999999E22"); repr is.
        assertEquals("5e-324", CentroidsCsv.format(Double.MIN_VALUE));
        assertEquals("1e+23", CentroidsCsv.format(1e23));
    }

    @Test
    void readsNanSpelledOut() throws IOException {
        Path f = dir.resolve("nan.csv");
        List<String> lines = new ArrayList<>(List.of("# a", "xpos,ypos o1,ypos o2,ypos o3"));
        for (int x = 0; x < 2048; x++) {
            lines.add(x + ".0," + (50 + x * 0.01) + ",nan,NaN");
        }
        Files.write(f, lines);
        TraceCentroids c = CentroidsCsv.read(f);
        assertEquals(50.01, c.orderOne()[1], 0.0);
        assertTrue(Double.isNaN(c.orderTwo()[7]) && Double.isNaN(c.orderThree()[2047]));
    }

    @Test
    void malformedFilesNameFileAndLine() throws IOException {
        Path f = dir.resolve("bad.csv");
        CentroidsCsv.write(f, sample(), "now");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));

        lines.set(4 + 10, "10,abc,1,2");
        Files.write(f, lines);
        BadInputException e = assertThrows(BadInputException.class, () -> CentroidsCsv.read(f));
        assertEquals("bad.csv", e.source());
        assertTrue(e.problem().contains("line 15"), e.problem());

        lines.set(4 + 10, "10,1,2");
        Files.write(f, lines);
        e = assertThrows(BadInputException.class, () -> CentroidsCsv.read(f));
        assertTrue(e.problem().contains("line 15") && e.problem().contains("4 fields"), e.problem());

        lines.set(4 + 10, "11,1,2,3");
        Files.write(f, lines);
        e = assertThrows(BadInputException.class, () -> CentroidsCsv.read(f));
        assertTrue(e.problem().contains("xpos"), e.problem());

        lines.set(4 + 10, "10,1,2,3");
        Files.write(f, lines.subList(0, 100));
        e = assertThrows(BadInputException.class, () -> CentroidsCsv.read(f));
        assertTrue(e.problem().contains("96 rows"), e.problem());

        Files.write(f, List.of("x,y"));
        e = assertThrows(BadInputException.class, () -> CentroidsCsv.read(f));
        assertTrue(e.problem().contains("line 1"), e.problem());

        Path missing = dir.resolve("missing.csv");
        e = assertThrows(BadInputException.class, () -> CentroidsCsv.read(missing));
        assertEquals("missing.csv", e.source());
    }

    /** Prior-distance notes are extra '#' lines after exoTEDRF's three (pandas comment='#' skips them); read ignores them. */
    @Test
    void priorNotesAreCommentLines() throws Exception {
        double[] y = new double[2048];
        java.util.Arrays.fill(y, 50.0);
        double[] nan = new double[2048];
        java.util.Arrays.fill(nan, Double.NaN);
        TraceCentroids c = new TraceCentroids(y, nan, nan, "edgetrigger");
        TracePrior prior = new TracePrior(new TraceCentroids(y.clone(), nan, nan, "test prior"));
        Path f = dir.resolve("notes_centroids.csv");
        CentroidsCsv.write(f, c, "1970-01-01T00:00:00", PriorDistance.between(c, prior, 256).lines());
        java.util.List<String> lines = java.nio.file.Files.readAllLines(f);
        assertEquals("# Trace prior: test prior", lines.get(3));
        assertTrue(lines.get(4).startsWith("# Order 1 from prior: median 0.000 px, max 0.000 px"), lines.get(4));
        assertEquals(CentroidsCsv.HEADER, lines.get(7));
        assertEquals(50.0, CentroidsCsv.read(f).orderOne()[1000]);
    }

    /**
     * The search from Double.toString's length down gives the decimal of the definition (the fewest digits 1…17
     * that round-trip, v rounded to them), checked against the definition itself on centroid-like values, random
     * bit patterns, powers of two, subnormals and numbers with few digits.
     */
    @Test
    void shortestEqualsTheSearchFromOneDigit() {
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 100_000; i++) {
            double v = switch (i % 5) {
                case 0 -> 20 + 200 * rnd.nextDouble();
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                case 2 -> Math.scalb(1.0, rnd.nextInt(2000) - 1074);
                case 3 -> Double.MIN_VALUE * rnd.nextInt(1 << 20);
                default -> Math.round(rnd.nextGaussian() * 1e6) / 1e3;
            };
            if (!Double.isFinite(v) || v == 0) {
                continue;
            }
            assertEquals(definition(v), CentroidsCsv.shortest(v), () -> Double.toString(v));
        }
    }

    private static java.math.BigDecimal definition(double v) {
        java.math.BigDecimal exact = new java.math.BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            java.math.BigDecimal r = exact.round(new java.math.MathContext(p));
            if (r.doubleValue() == v) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17)).stripTrailingZeros();
    }

    /** The long-arithmetic path writes the same text as the BigDecimal one wherever it applies. */
    @Test
    void fastFormatEqualsTheExactOne() {
        java.util.Random rnd = new java.util.Random(8);
        int fast = 0;
        for (int i = 0; i < 400_000; i++) {
            double v = switch (i % 8) {
                case 0 -> 1 + 255 * rnd.nextDouble();
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                case 2 -> Math.round(rnd.nextGaussian() * 1e6) / 1e3;
                case 3 -> -(1 + 2047 * rnd.nextDouble());
                case 4 -> Math.nextUp(Math.rint(1 + 1e4 * rnd.nextDouble()));   // just above an integer
                case 5 -> Math.nextDown(Math.pow(10, 1 + rnd.nextInt(15)));      // just below a power of ten
                case 6 -> Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(60));     // up to 2^52 and beyond
                default -> Math.round(rnd.nextDouble() * 1e9) / 1e9 + rnd.nextInt(300);
            };
            if (!Double.isFinite(v) || v == 0) {
                continue;
            }
            String f = CentroidsCsv.formatFast(v);
            if (f != null) {
                fast++;
                assertEquals(CentroidsCsv.formatExact(v), f, () -> Double.toString(v));
            }
        }
        assertTrue(fast > 250_000, "the fast path covers trace rows: " + fast);
    }

    /** A file read back after it was written, or read twice, gives the same centroids (parsed once). */
    @Test
    void readBackAfterWriteGivesTheWrittenDoubles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.util.Random rnd = new java.util.Random(2);
        double[][] y = new double[3][2048];
        for (int k = 0; k < 3; k++) {
            for (int x = 0; x < 2048; x++) {
                y[k][x] = x % 97 == 0 ? Double.NaN : 10 + 200 * rnd.nextDouble();
            }
        }
        Path a = dir.resolve("a.csv");
        CentroidsCsv.write(a, new TraceCentroids(y[0], y[1], y[2], "t"), "2026-01-01T00:00:00");
        TraceCentroids back = CentroidsCsv.read(a);
        assertEquals("a.csv", back.source());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(y[k], back.order(k + 1));
        }
        back.orderOne()[0] = -1;   // the caller's arrays are its own
        assertEquals(y[0][1], CentroidsCsv.read(a).orderOne()[1]);
        assertTrue(Double.isNaN(CentroidsCsv.read(a).orderOne()[0]));
        // other bytes are parsed, not taken from the last file
        Path b = dir.resolve("b.csv");
        Files.writeString(b, Files.readString(a).replaceFirst("\n1,[^,]*,", "\n1,42.5,"));
        assertEquals(42.5, CentroidsCsv.read(b).orderOne()[1]);
        assertEquals(y[0][1], CentroidsCsv.read(a).orderOne()[1]);
    }
}
