package io.sossstream.atoca;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The factor is where the modified-Akima derivative of χ²(log₁₀ α) crosses 10⁻³ (jwst 3.0's rule). */
class TikhonovSearchTest {
    private static TreeMap<Double, Double> sampled(DoubleUnaryOperator chi2, double from, double to, int n) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            double x = from + (to - from) * i / (n - 1);
            m.put(x, chi2.applyAsDouble(x));
        }
        return m;
    }

    @Test
    void crossingOfTheDerivativeOnTheCurve() {
        // χ² flat, then rising: dχ²/dx = 1e-3·e^(x + 7.5), so 1e-3 is crossed at x = −7.5.
        DoubleUnaryOperator chi2 = x -> 2.0 + 1e-3 * Math.exp(x + 7.5);
        assertEquals(-7.5, TikhonovSearch.crossing(sampled(chi2, -12, -4, 81)), 5e-3);
    }

    @Test
    void smallestCrossingWins() {
        // Derivative 0.004·cos-like bump: above the threshold first near x = 0.25, again later.
        DoubleUnaryOperator chi2 = x -> 0.002 * x * x * x / 3 - 0.0025 * x * x + 0.0006 * x;
        // d = 0.002x² − 0.005x + 0.0006 crosses 1e-3 upwards at x = (5 + sqrt(25 + 3.2)) / 4 ≈ 2.5776 (the
        // smaller root of d = 1e-3 is a downward crossing from above, at x < 0).
        assertEquals((5 + Math.sqrt(25 + 3.2)) / 4, TikhonovSearch.crossing(sampled(chi2, 0, 6, 241)), 5e-3);
    }

    @Test
    void endsWhenNeverOrAlwaysAbove() {
        assertEquals(3.0, TikhonovSearch.crossing(sampled(x -> 1e-4 * x, -3, 3, 7)), 0);
        assertEquals(-3.0, TikhonovSearch.crossing(sampled(x -> 1e-2 * x, -3, 3, 7)), 0);
    }
}
