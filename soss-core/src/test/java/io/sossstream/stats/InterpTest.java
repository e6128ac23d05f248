package io.sossstream.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Interp} against values worked by hand (numpy's {@code np.interp} and a bisection's interval). */
class InterpTest {
    private static final double[] XP = {1.0, 2.0, 4.0, 8.0};
    private static final double[] FP = {10.0, 20.0, 0.0, 4.0};

    @Test
    void linearBetweenSamplesClampedOutside() {
        assertEquals(15.0, Interp.interp(1.5, XP, FP), 0.0);
        assertEquals(10.0, Interp.interp(3.0, XP, FP), 0.0);   // halfway from 20 at 2 to 0 at 4
        assertEquals(1.0, Interp.interp(5.0, XP, FP), 0.0);    // a quarter from 0 at 4 to 4 at 8
        assertEquals(20.0, Interp.interp(2.0, XP, FP), 0.0);   // on a sample
        assertEquals(10.0, Interp.interp(-3.0, XP, FP), 0.0);
        assertEquals(4.0, Interp.interp(9.0, XP, FP), 0.0);
        assertTrue(Double.isNaN(Interp.interp(Double.NaN, XP, FP)));
    }

    @Test
    void intervalIsTheLastSampleAtOrBelow() {
        assertEquals(0, Interp.interval(XP, 1.0, 0, 3));
        assertEquals(0, Interp.interval(XP, 1.99, 0, 3));
        assertEquals(1, Interp.interval(XP, 2.0, 0, 3));
        assertEquals(2, Interp.interval(XP, 7.9, 0, 3));
        assertEquals(2, Interp.interval(XP, 5.0, 2, 3), "searched from index 2 on");
        assertEquals(1, Interp.interval(XP, 3.0, 1, 2));
    }
}
