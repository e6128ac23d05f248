package io.sossstream.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PASTASOSS wavelength solution against a hand computation from the published JSON coefficients. */
public class PastasossWavelengthTest {

    public static JsonNode model(int order) throws IOException {
        String name = "jwst_niriss_gr700xd_wavelength_model_order" + order + ".json";
        try (InputStream in = Pastasoss.open(name)) {
            return new ObjectMapper().readTree(in).path("model");
        }
    }

    /**
     * By hand: u = (x − x_min)/(x_max − x_min), v = (PWCPOS − 245.76 − o_min)/(o_max − o_min) with the scaler's
     * data_min_/data_max_; order 1 (degree 5) has the 20 features u, v, u², uv, v², u³, u²v, uv², v³, u⁴, u³v, u²v²,
     * uv³, v⁴, u⁵, u⁴v, u³v², u²v³, uv⁴, v⁵ (sklearn's PolynomialFeatures order); order 2 (degree 3) the first 9;
     * λ = intercept + Σ coef_k·feature_k.
     */
    public static double byHand(JsonNode m, double x, double pwcpos) {
        JsonNode sc = m.path("scaler");
        double u = (x - sc.path("data_min_").path(0).asDouble())
                / (sc.path("data_max_").path(0).asDouble() - sc.path("data_min_").path(0).asDouble());
        double v = (pwcpos - 245.76 - sc.path("data_min_").path(1).asDouble())
                / (sc.path("data_max_").path(1).asDouble() - sc.path("data_min_").path(1).asDouble());
        double[] f = {u, v, u * u, u * v, v * v, u * u * u, u * u * v, u * v * v, v * v * v,
            u * u * u * u, u * u * u * v, u * u * v * v, u * v * v * v, v * v * v * v,
            u * u * u * u * u, u * u * u * u * v, u * u * u * v * v, u * u * v * v * v, u * v * v * v * v, v * v * v * v * v};
        JsonNode coef = m.path("coef");
        double lambda = m.path("intercept").asDouble();
        for (int k = 0; k < coef.size(); k++) {
            lambda += coef.path(k).asDouble() * f[k];
        }
        return lambda;
    }

    @Test
    void solutionEqualsTheHandComputation() throws IOException {
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        JsonNode m1 = model(1);
        JsonNode m2 = model(2);
        assertEquals(20, m1.path("coef").size());
        assertEquals(9, m2.path("coef").size());
        for (double pwcpos : new double[] {245.70, 245.85}) {
            WavelengthSolution s = WavelengthSolution.fromPastasoss(trace, pwcpos, "test");
            for (int x : new int[] {10, 700, 1500, 2040}) {
                assertEquals(byHand(m1, x, pwcpos), s.orderOne()[x], 1e-12, "order 1 x=" + x + " PWCPOS " + pwcpos);
            }
            for (int x : new int[] {10, 700, 1500}) {
                assertEquals(byHand(m2, x, pwcpos), s.orderTwo()[x], 1e-12, "order 2 x=" + x + " PWCPOS " + pwcpos);
            }
            assertTrue(Double.isNaN(s.orderTwo()[2040]), "order 2 is off the detector there, as in SPECTRACE");
            System.out.printf(java.util.Locale.ROOT, "PASTASOSS at PWCPOS %.2f: λ1(10/700/1500/2040) = %.5f/%.5f/%.5f/%.5f µm,"
                            + " λ2(10/700/1500) = %.5f/%.5f/%.5f µm; SPECTRACE λ1(700) = %.5f µm%n", pwcpos,
                    s.orderOne()[10], s.orderOne()[700], s.orderOne()[1500], s.orderOne()[2040], s.orderTwo()[10],
                    s.orderTwo()[700], s.orderTwo()[1500], trace.wavelengthAt(1, 700));
            // the model and SPECTRACE describe the same instrument: within a few pixels (~1 nm/px)
            assertEquals(trace.wavelengthAt(1, 700), s.orderOne()[700], 0.01);
        }
    }

    @Test
    void outsideTheCalibratedRangeIsBadInput() {
        SpecTrace trace = SpecTrace.load(Subarray.SUBSTRIP256);
        BadInputException e = assertThrows(BadInputException.class,
                () -> WavelengthSolution.fromPastasoss(trace, 245.5, "seg001.fits"));
        assertEquals("seg001.fits", e.source());
        assertTrue(e.getMessage().contains("245.5000") && e.getMessage().contains("245.656–245.923"), e.getMessage());
        assertThrows(BadInputException.class, () -> WavelengthSolution.fromPastasoss(trace, Double.NaN, "seg001.fits"));
    }
}
