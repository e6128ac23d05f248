package io.sossstream.simulate;

import io.sossstream.error.BadInputException;
import io.sossstream.stats.Interp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A transit depth spectrum δ(λ) to inject. The default is the published native-resolution WASP-39 b NIRISS/SOSS
 * spectrum (supreme-SPOON/ATOCA, packaged as {@code MCR-WASP_39b_NIRISS_transmission_spectrum_highres.csv}):
 * comment lines, a header line, then rows {@code wave, wave_error, dppm, dppm_err, order, …}. Order-1 rows are
 * used over their range (0.85–2.83 µm) and order-2 rows below it (0.60–0.85 µm); {@link #depth} interpolates
 * linearly and clamps at the ends (np.interp).
 */
public final class TransmissionSpectrum {
    public static final String RESOURCE = "/io/sossstream/scene/MCR-WASP_39b_NIRISS_transmission_spectrum_highres.csv";

    private final double[] wavelength;
    private final double[] depth;
    private final String source;

    private TransmissionSpectrum(double[] wavelength, double[] depth, String source) {
        this.wavelength = wavelength;
        this.depth = depth;
        this.source = source;
    }

    /** The packaged WASP-39 b spectrum. */
    public static TransmissionSpectrum wasp39b() {
        try (InputStream in = TransmissionSpectrum.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the soss-core jar");
            }
            return read(in, "MCR-WASP_39b_NIRISS_transmission_spectrum_highres.csv");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** A flat spectrum (same depth everywhere). */
    public static TransmissionSpectrum flat(double depth) {
        return new TransmissionSpectrum(new double[]{0, 10}, new double[]{depth, depth}, "flat " + depth);
    }

    /** Reads a spectrum in the supreme-SPOON CSV layout described above. */
    public static TransmissionSpectrum read(InputStream in, String source) {
        List<double[]> rows = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#") || Character.isLetter(t.charAt(0))) {
                    continue;
                }
                String[] f = t.split(",");
                if (f.length < 5) {
                    throw new BadInputException(source, "row with fewer than 5 columns: " + t);
                }
                rows.add(new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[2]) * 1e-6,
                        Double.parseDouble(f[4])});
            }
        } catch (IOException | NumberFormatException e) {
            throw new BadInputException(source, "cannot parse transmission spectrum: " + e.getMessage(), e);
        }
        double minOrderOne = rows.stream().filter(r -> r[2] == 1).mapToDouble(r -> r[0]).min()
                .orElseThrow(() -> new BadInputException(source, "no order-1 rows"));
        List<double[]> used = new ArrayList<>();
        for (double[] r : rows) {
            if ((r[2] == 1 || (r[2] == 2 && r[0] < minOrderOne)) && Double.isFinite(r[1])) {
                used.add(r);
            }
        }
        used.sort(Comparator.comparingDouble(r -> r[0]));
        double[] w = new double[used.size()];
        double[] d = new double[used.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = used.get(k)[0];
            d[k] = used.get(k)[1];
        }
        return new TransmissionSpectrum(w, d, source);
    }

    /** Transit depth (fraction, e.g. 0.0213) at wavelength λ (µm). */
    public double depth(double lambdaMicrons) {
        return Interp.interp(lambdaMicrons, wavelength, depth);
    }

    public String source() {
        return source;
    }
}
