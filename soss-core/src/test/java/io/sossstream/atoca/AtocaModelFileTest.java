package io.sossstream.atoca;

import io.sossstream.error.BadInputException;
import io.sossstream.reference.SpecTrace;
import io.sossstream.reference.WavelengthMap;
import io.sossstream.segment.Frame;
import io.sossstream.segment.Subarray;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.SpecProfileFits;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stored ATOCA model (what the profile step writes once per observation and every extract replica loads)
 * round-trips exactly: a model restored from its bytes writes the same bytes again, and extracts an integration
 * it never saw (with bad pixels, so the model replacement and the nearest-error paths run) bit for bit as the
 * model that was built, for all three orders; the soss_estimate it derives is the same too. Bytes that are not a
 * model of this format version are refused naming their source.
 */
class AtocaModelFileTest {
    private static final int ROWS = 256;
    private static final int COLS = Subarray.COLUMNS;
    private static AtocaModel built;
    private static byte[] bytes;
    private static Frame unseen;

    @BeforeAll
    static void buildOnAScene() {
        SpecProfile profile = SpecProfileFits.read(SharedData.oracle("applesoss/wasp39_specprofile_SUBSTRIP256_os1_pad20.fits"),
                Subarray.SUBSTRIP256);
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        List<AtocaOrder> orders = AtocaOrder.of(trace, WavelengthMap.fromSpecTrace(trace), profile, 3, "scene");
        double[] scene = new double[ROWS * COLS];
        for (AtocaOrder o : orders) {
            double[] p = o.profile();
            double level = o.order() == 1 ? 3e4 : o.order() == 2 ? 1e4 : 2e3;
            for (int i = 0; i < scene.length; i++) {
                scene[i] += level * p[i];
            }
        }
        Random rng = new Random(11);
        List<Frame> frames = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            frames.add(noisy(scene, rng));
        }
        unseen = noisy(scene, rng);
        for (int k = 0; k < 40; k++) {  // bad pixels in the apertures: replaced by the model, errors estimated
            int p = (60 + k) * COLS + 400 + 37 * k;
            unseen.dq[p] |= Frame.DO_NOT_USE;
            unseen.sci[p] = Float.NaN;
        }
        long t0 = System.nanoTime();
        built = AtocaModel.build(orders, TypicalIntegration.of(frames, null), AtocaOptions.defaults(40).withTikfac(1e-16));
        long t1 = System.nanoTime();
        bytes = AtocaModelFile.toBytes(built);
        long t2 = System.nanoTime();
        AtocaModelFile.fromBytes(bytes, "timing");
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "ATOCA model: built in %.1f s, %.1f MB stored (written in %.2f s, loaded in %.2f s)%n",
                (t1 - t0) / 1e9, bytes.length / 1e6, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    private static Frame noisy(double[] scene, Random rng) {
        Frame f = new Frame(ROWS, COLS);
        for (int p = 0; p < scene.length; p++) {
            double s = Math.sqrt(Math.max(scene[p], 0) / 1.6 + 0.3 * 0.3);
            f.sci[p] = (float) (scene[p] + s * rng.nextGaussian());
            f.err[p] = (float) s;
        }
        return f;
    }

    @Test
    void aRestoredModelWritesTheSameBytesAndExtractsBitForBit() {
        AtocaModel restored = AtocaModelFile.fromBytes(bytes, "test");
        assertArrayEquals(bytes, AtocaModelFile.toBytes(restored), "stored again, the bytes differ");
        assertArrayEquals(bytes, AtocaModelFile.toBytes(built), "two writes of one model differ");

        AtocaSpectra a = AtocaOracleTest.extract(built, unseen);
        AtocaSpectra b = AtocaOracleTest.extract(restored, unseen);
        assertEquals(3, a.flux().length, "all three orders extracted");
        assertTrue(Arrays.stream(a.flux()[0]).filter(Double::isFinite).count() > 1900, "order 1 extracted");
        assertTrue(Arrays.deepEquals(a.flux(), b.flux()), "flux");
        assertTrue(Arrays.deepEquals(a.fluxError(), b.fluxError()), "flux error");
        assertTrue(Arrays.deepEquals(a.npixels(), b.npixels()), "npixels");
        assertTrue(Arrays.deepEquals(a.contamination(), b.contamination()), "contamination");

        for (int engine = 1; engine <= 3; engine++) {
            assertEquals(Double.doubleToRawLongBits(built.tikfac(engine)), Double.doubleToRawLongBits(restored.tikfac(engine)));
        }
        assertArrayEquals(built.grid(), restored.grid());
        SossEstimate e1 = built.orderOneSpectrum();
        SossEstimate e2 = restored.orderOneSpectrum();
        assertArrayEquals(e1.wavelength(), e2.wavelength());
        assertArrayEquals(e1.flux(), e2.flux());
        assertNotNull(restored.estimate());
        assertEquals(built.options().width(), restored.options().width());
    }

    @Test
    void otherBytesAreRefusedNamingTheirSource() {
        BadInputException notModel = assertThrows(BadInputException.class,
                () -> AtocaModelFile.fromBytes("SIMPLE  =                    T".getBytes(), "soss/x/atoca-model.bin"));
        assertTrue(notModel.getMessage().startsWith("soss/x/atoca-model.bin: not an ATOCA model"), notModel.getMessage());

        byte[] otherVersion = bytes.clone();
        ByteBuffer.wrap(otherVersion).putInt(8, AtocaModelFile.VERSION + 1);
        BadInputException version = assertThrows(BadInputException.class, () -> AtocaModelFile.fromBytes(otherVersion, "v"));
        assertTrue(version.getMessage().contains("version " + (AtocaModelFile.VERSION + 1)), version.getMessage());

        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(BadInputException.class, () -> AtocaModelFile.fromBytes(truncated, "t"));
    }
}
