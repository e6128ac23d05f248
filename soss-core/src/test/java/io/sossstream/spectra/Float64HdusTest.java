package io.sossstream.spectra;

import io.sossstream.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bulk float64 reader against what nom-tam-fits writes: the same values, and every malformed file named. */
class Float64HdusTest {
    private static final Random RNG = new Random(11);

    private static SegmentSpectra sample(int n) {
        SegmentSpectra s = SegmentSpectra.allocate(2, 41, n, 2048);
        for (double[][] m : new double[][][] {s.fluxO1(), s.errO1(), s.fluxO2(), s.errO2()}) {
            for (double[] row : m) {
                for (int x = 0; x < row.length; x++) {
                    row[x] = RNG.nextGaussian() * 1e4;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            s.times()[i] = 59_800 + i * 1e-3;
        }
        // values whose bits a careless decoder would alter
        s.fluxO1()[0][0] = Double.NaN;
        s.fluxO1()[0][1] = Double.NEGATIVE_INFINITY;
        s.fluxO1()[0][2] = -0.0;
        s.fluxO1()[0][3] = Double.MIN_VALUE;
        return s;
    }

    @Test
    void decodesEveryValueBitForBitAsWritten() {
        SegmentSpectra s = sample(7);
        Float64Hdus hdus = Float64Hdus.of(s.toBytes(), "seg002.fits");
        assertEquals(2, hdus.primary().getIntValue("SEGMENT"));
        assertArrayEquals(s.times(), hdus.vector("TIME", 7));
        double[][] flux = hdus.matrix("FLUX O1", 7, 2048);
        for (int i = 0; i < 7; i++) {
            for (int x = 0; x < 2048; x++) {
                assertEquals(Double.doubleToRawLongBits(s.fluxO1()[i][x]), Double.doubleToRawLongBits(flux[i][x]),
                        "integration " + i + ", column " + x);
            }
        }
        assertTrue(Arrays.deepEquals(s.errO2(), hdus.matrix("ERR O2", 7, 2048)));
    }

    @Test
    void malformedFilesAreBadInputNamingTheSource() {
        byte[] good = sample(3).toBytes();
        BadInputException truncated = assertThrows(BadInputException.class,
                () -> Float64Hdus.of(Arrays.copyOf(good, good.length - 5000), "s3://w/seg002.fits"));
        assertTrue(truncated.getMessage().contains("s3://w/seg002.fits") && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        Float64Hdus hdus = Float64Hdus.of(good, "seg002.fits");
        BadInputException shape = assertThrows(BadInputException.class, () -> hdus.matrix("FLUX O1", 4, 2048));
        assertTrue(shape.getMessage().contains("not a float64 image of shape (4, 2048)"), shape.getMessage());
        BadInputException vector = assertThrows(BadInputException.class, () -> hdus.vector("FLUX O1", -1));
        assertTrue(vector.getMessage().contains("not a float64 vector"), vector.getMessage());
        BadInputException missing = assertThrows(BadInputException.class, () -> hdus.vector("Wave O1", -1));
        assertTrue(missing.getMessage().contains("no extension with EXTNAME 'Wave O1'"), missing.getMessage());
        BadInputException primary = assertThrows(BadInputException.class,
                () -> Float64Hdus.of(new byte[2880], "zeros.fits"));
        assertTrue(primary.getMessage().contains("zeros.fits"), primary.getMessage());
    }
}
