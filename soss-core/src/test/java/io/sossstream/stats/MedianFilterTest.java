package io.sossstream.stats;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MedianFilterTest {

    @Test
    void reflectModeIndices() {
        // d c b a | a b c d | d c b a
        int[] expected = {3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0};
        for (int j = -4; j < 8; j++) {
            assertEquals(expected[j + 4], MedianFilter.reflect(j, 4), "j=" + j);
        }
    }

    @Test
    void handComputedOddAndEvenSizes() {
        double[] a = {5, 1, 9, 3, 7, 2, 8};
        // size 3, i = 0: window {a[0] reflected, 5, 1} = {5, 5, 1} → 5; i = 2: {1, 9, 3} → 3
        assertArrayEquals(new double[] {5, 5, 3, 7, 3, 7, 8}, MedianFilter.filter(a, 3));
        // size 4: offsets −2…+1, rank 2 (upper middle). i = 0: {1, 5, 5, 1} sorted 1 1 5 5 → 5
        assertArrayEquals(new double[] {5, 5, 5, 7, 7, 7, 8}, MedianFilter.filter(a, 4));
        // size 10 is longer than the array: offsets −5…+4, reflection repeats
        assertArrayEquals(new double[] {5, 5, 5, 5, 5, 7, 7}, MedianFilter.filter(a, 10));
    }

    @Test
    void sizeTenWindowIsMinusFiveToPlusFour() {
        double[] ramp = new double[30];
        for (int i = 0; i < 30; i++) {
            ramp[i] = i;
        }
        double[] out = MedianFilter.filter(ramp, 10);
        // inside: window i−5…i+4, element of rank 5 = i (a centred mean-of-middles would give i − 0.5)
        for (int i = 5; i < 26; i++) {
            assertEquals(i, out[i]);
        }
        // i = 0: {4 3 2 1 0 | 0 1 2 3 4} → rank 5 = 2
        assertEquals(2, out[0]);
        assertEquals(27, out[29]);
    }

    @Test
    void matchesScipyReference() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("median_filter_scipy.txt")), StandardCharsets.UTF_8))) {
            String line;
            int cases = 0;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] head = line.split(" ");
                double[] input = parse(in.readLine());
                double[] expected = parse(in.readLine());
                if (head[0].equals("2d")) {
                    int rows = Integer.parseInt(head[1]);
                    int cols = Integer.parseInt(head[2]);
                    double[][] a = new double[rows][cols];
                    for (int t = 0; t < rows; t++) {
                        a[t] = Arrays.copyOfRange(input, t * cols, (t + 1) * cols);
                    }
                    double[][] out = ColumnMedianFilter.filterColumns(a, 10);
                    for (int t = 0; t < rows; t++) {
                        assertArrayEquals(Arrays.copyOfRange(expected, t * cols, (t + 1) * cols), out[t], "row " + t);
                    }
                } else {
                    int size = Integer.parseInt(head[0]);
                    assertArrayEquals(expected, MedianFilter.filter(input, size), "size " + size + " n " + head[1]);
                }
                cases++;
            }
            assertTrue(cases >= 50, "cases read: " + cases);
        }
    }

    /**
     * The sliding window gives, bit for bit, what sorting every window gives (the definition above), also with ties,
     * ±0, ±∞ and NaN in the data and windows longer than the array.
     */
    @Test
    void slidingWindowEqualsSortingEveryWindow() {
        java.util.Random rnd = new java.util.Random(3);
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, 1.0};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(40);
            int size = 1 + rnd.nextInt(14);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(4) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextInt(7) - 3;
            }
            double[] out = MedianFilter.filter(a, size);
            double[] window = new double[size];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < size; k++) {
                    window[k] = a[MedianFilter.reflect(i - size / 2 + k, n)];
                }
                Arrays.sort(window);
                assertEquals(Double.doubleToRawLongBits(window[size / 2]), Double.doubleToRawLongBits(out[i]),
                        "trial " + trial + " i " + i + " of " + Arrays.toString(a) + " size " + size);
            }
        }
    }

    private static double[] parse(String line) {
        return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }
}
