package io.sossstream.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotFiniteSignTest {
    @Test
    void negativeExactlyForNaNAndInfinities() {
        float[] edge = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0xffffffff), Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, 0f, -0f, 1f, -1f};
        for (float v : edge) {
            assertEquals(!Float.isFinite(v), NanStats.notFiniteSign(v) < 0, Float.floatToRawIntBits(v) + " " + v);
        }
        Random rnd = new Random(1);
        for (int i = 0; i < 1_000_000; i++) {
            float v = Float.intBitsToFloat(rnd.nextInt());
            assertEquals(!Float.isFinite(v), NanStats.notFiniteSign(v) < 0, Float.floatToRawIntBits(v) + " " + v);
        }
    }
}
