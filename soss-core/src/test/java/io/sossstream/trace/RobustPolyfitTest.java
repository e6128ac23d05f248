package io.sossstream.trace;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RobustPolyfitTest {

    @Test
    void recoversPolynomialDespiteOutliersAndNaN() {
        int n = 2048;
        double[] x = new double[n];
        double[] y = new double[n];
        Random rnd = new Random(7);
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = truth(i) + 0.01 * rnd.nextGaussian();
            if (i % 41 == 0) {
                y[i] += 30 + 20 * rnd.nextDouble(); // gross outliers
            }
            if (i % 53 == 0) {
                y[i] = Double.NaN;
            }
        }
        Polynomial p = RobustPolyfit.fitColumns(x, y, 11);
        for (int i = 0; i < n; i += 7) {
            assertEquals(truth(i), p.value(i), 0.01, "x = " + i);
        }
    }

    private static double truth(double x) {
        double u = (x - 1000) / 1000;
        return 60 + 20 * u * u - 5 * u * u * u + 2 * Math.pow(u, 7);
    }

    @Test
    void exactPolynomialIsReproduced() {
        double[] x = new double[300];
        double[] y = new double[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * i;
            y[i] = 1.5 - 0.02 * x[i] + 1e-5 * x[i] * x[i];
        }
        Polynomial p = RobustPolyfit.fit(x, y, 2, RobustPolyfit.COLUMN_CENTRE, RobustPolyfit.COLUMN_CENTRE);
        assertEquals(1.5 - 0.02 * 2000 + 1e-5 * 2000 * 2000, p.value(2000), 1e-9);
    }

    /**
     * Huber stage on contaminated data against APPLESOSS semantics run with NumPy 2.4 / SciPy 1.17
     * ({@code np.polyfit} clipping then {@code least_squares(loss='huber', f_scale=0.1)}); script in
     * src/test/resources/io/sossstream/trace/huber_ref.py. Plain least squares is 0.2 px away, so this tests the
     * Huber step.
     */
    @Test
    void huberMatchesScipyOnContaminatedData() {
        int n = 512;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 4.0 * i;
            y[i] = 50 + 0.01 * x[i] - 3e-6 * x[i] * x[i] + 0.3 * Math.sin(0.37 * x[i]);
            if (i % 5 == 0) {
                y[i] += 0.8;
            }
            if (i % 97 == 0) {
                y[i] += 40.0;
            }
        }
        double[] at = {0.0, 500.0, 1023.5, 1500.0, 2047.0};
        double[] deg1 = {52.47561377335665, 54.40685719640214, 56.428869060330776, 58.26934404249313,
                60.38212434730491};
        double[] deg3 = {50.09147501712824, 54.37193875713133, 57.208518496772996, 58.35706501687319,
                58.027339893247934};
        Polynomial p1 = RobustPolyfit.fitColumns(x, y, 1);
        Polynomial p3 = RobustPolyfit.fitColumns(x, y, 3);
        for (int k = 0; k < at.length; k++) {
            assertEquals(deg1[k], p1.value(at[k]), 5e-4, "degree 1 at x = " + at[k]);
            assertEquals(deg3[k], p3.value(at[k]), 5e-4, "degree 3 at x = " + at[k]);
        }
        // The least-squares solution differs: the Huber step matters.
        Polynomial ls = RobustPolyfit.leastSquares(x, y, 1, 1023.5, 1023.5);
        assertEquals(56.428869060330776, ls.value(1023.5), 0.3);
        double gap = Math.abs(ls.value(1023.5) - p1.value(1023.5));
        assertEquals(true, gap > 0.1, "least squares is not the Huber fit (gap " + gap + ")");
    }

    @Test
    void defaultScalingUsesDataRange() {
        double[] x = {0.5, 0.7, 0.9, 1.1, Double.NaN};
        double[] y = {1, 2, 3, 4, 5};
        Polynomial p = RobustPolyfit.fit(x, y, 1);
        assertEquals(0.8, p.centre(), 1e-12);
        assertEquals(2.5, p.value(0.8), 1e-9);
    }

    @Test
    void tooFewPointsIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> RobustPolyfit.fitColumns(new double[] {1, 2}, new double[] {1, Double.NaN}, 1));
    }
}
