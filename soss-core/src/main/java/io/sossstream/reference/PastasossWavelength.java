package io.sossstream.reference;

import io.sossstream.error.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static io.sossstream.reference.ReferenceJson.element;
import static io.sossstream.reference.ReferenceJson.member;
import static io.sossstream.reference.ReferenceJson.size;

/**
 * A PASTASOSS wavelength model (the JSON pastasoss publishes): λ(x, PWCPOS) as a polynomial regression —
 * min-max scaling of x and of the offset PWCPOS − 245.76° to [0, 1] with the training data's extremes
 * ({@code scaler.data_min_/data_max_}), the polynomial features named in {@code polyfeature_names}
 * (e.g. {@code "x^2 offset"}), then {@code intercept + Σ coef·feature}. Order 1 is degree 5, order 2 degree 3.
 */
public final class PastasossWavelength {
    private static final String[] FILES = {"jwst_niriss_gr700xd_wavelength_model_order1.json",
        "jwst_niriss_gr700xd_wavelength_model_order2.json"};

    private final int order;
    private final double intercept;
    private final double[] coef;
    /** powers[k] = {power of x, power of offset} of feature k. */
    private final int[][] powers;
    private final double[] dataMin;
    private final double[] dataMax;

    private PastasossWavelength(int order, double intercept, double[] coef, int[][] powers, double[] dataMin,
                                double[] dataMax) {
        this.order = order;
        this.intercept = intercept;
        this.coef = coef;
        this.powers = powers;
        this.dataMin = dataMin;
        this.dataMax = dataMax;
    }

    /** The packaged model of order 1 or 2. */
    public static PastasossWavelength load(int order) {
        if (order < 1 || order > FILES.length) {
            throw new IllegalArgumentException("PASTASOSS has wavelength models for orders 1 and 2, not " + order);
        }
        try (InputStream in = Pastasoss.open(FILES[order - 1])) {
            String source = FILES[order - 1];
            return read(ReferenceJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), source), order, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PastasossWavelength read(Object root, int order, String source) {
        Object m = member(root, "model");
        Object names = member(m, "polyfeature_names");
        Object scaler = member(m, "scaler");
        Object inputs = member(scaler, "feature_names_in_");
        String xName = element(inputs, 0) instanceof String s ? s : "x";
        String offName = element(inputs, 1) instanceof String s ? s : "offset";
        Object coefs = member(m, "coef");
        int n = size(names);
        if (n == 0 || size(coefs) != n || !(member(m, "intercept") instanceof Double intercept)) {
            throw new BadInputException(source, "not a PASTASOSS wavelength model (coef/intercept/polyfeature_names)");
        }
        double[] coef = new double[n];
        int[][] powers = new int[n][];
        for (int k = 0; k < n; k++) {
            coef[k] = number(element(coefs, k), source, "coef");
            powers[k] = powers(String.valueOf(element(names, k)), xName, offName, source);
        }
        Object lo = member(scaler, "data_min_");
        Object hi = member(scaler, "data_max_");
        return new PastasossWavelength(order, intercept, coef, powers,
                new double[] {number(element(lo, 0), source, "data_min_"), number(element(lo, 1), source, "data_min_")},
                new double[] {number(element(hi, 0), source, "data_max_"), number(element(hi, 1), source, "data_max_")});
    }

    private static double number(Object v, String source, String what) {
        if (v instanceof Double d) {
            return d;
        }
        throw new BadInputException(source, "PASTASOSS wavelength model: " + what + " is not a number");
    }

    /** "x^2 offset" → {2, 1}. */
    private static int[] powers(String feature, String xName, String offName, String source) {
        int[] p = new int[2];
        for (String factor : feature.trim().split("\\s+")) {
            String[] f = factor.split("\\^");
            int power = f.length == 2 ? Integer.parseInt(f[1]) : 1;
            if (f[0].equals(xName)) {
                p[0] += power;
            } else if (f[0].equals(offName)) {
                p[1] += power;
            } else {
                throw new BadInputException(source, "unknown polynomial feature '" + feature + "'");
            }
        }
        return p;
    }

    public int order() {
        return order;
    }

    /** Smallest PWCPOS (degrees) of the model's training data. */
    public double minPwcpos() {
        return Pastasoss.COMMANDED_PWCPOS + dataMin[1];
    }

    /** Largest PWCPOS (degrees) of the model's training data. */
    public double maxPwcpos() {
        return Pastasoss.COMMANDED_PWCPOS + dataMax[1];
    }

    /** Whether PWCPOS lies in the training range (NaN does not). */
    public boolean covers(double pwcpos) {
        return pwcpos >= minPwcpos() && pwcpos <= maxPwcpos();
    }

    /** The valid range as text, e.g. "245.656–245.923°". */
    public String rangeText() {
        return String.format(Locale.ROOT, "%.3f–%.3f°", minPwcpos(), maxPwcpos());
    }

    /** λ (µm) at detector column x for a PWCPOS (no range check: see {@link #covers(double)}). */
    public double wavelength(double x, double pwcpos) {
        double xs = (x - dataMin[0]) / (dataMax[0] - dataMin[0]);
        double os = (pwcpos - Pastasoss.COMMANDED_PWCPOS - dataMin[1]) / (dataMax[1] - dataMin[1]);
        double v = intercept;
        for (int k = 0; k < coef.length; k++) {
            v += coef[k] * Math.pow(xs, powers[k][0]) * Math.pow(os, powers[k][1]);
        }
        return v;
    }
}
