package io.sossstream.calibrate;

import io.sossstream.error.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A stellar template from a plain text file, for users without PHOENIX: two columns, wavelength in µm and
 * flux, separated by a comma and/or whitespace. Lines starting with '#' and blank lines are skipped; one
 * leading line of column names (e.g. {@code wavelength_um,flux}) is allowed. Further columns are ignored.
 * Rows with a non-finite value ("nan" included) are dropped, the rest sorted by wavelength, and repeated
 * wavelengths keep their first row (rebinning needs strictly increasing wavelengths).
 */
public final class TemplateSpectrum {
    private TemplateSpectrum() {
    }

    /**
     * @param file the template file
     * @return the spectrum, at least 2 samples
     * @throws BadInputException unreadable file, a malformed line (named by number) or fewer than 2 valid rows
     */
    public static ModelSpectrum read(Path file) {
        String source = file.toString();
        double[] w = new double[1024];
        double[] f = new double[1024];
        int n = 0;
        boolean dataSeen = false;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] parts = t.split("[,\\s]+");
                double a;
                double b;
                try {
                    if (parts.length < 2) {
                        throw new NumberFormatException();
                    }
                    a = parse(parts[0]);
                    b = parse(parts[1]);
                } catch (NumberFormatException e) {
                    if (!dataSeen) {
                        dataSeen = true; // the one allowed column-name line, before any data
                        continue;
                    }
                    throw new BadInputException(source, "line " + lineNo + " is not 'wavelength_um, flux': " + t);
                }
                dataSeen = true;
                if (!Double.isFinite(a) || !Double.isFinite(b)) {
                    continue;
                }
                if (n == w.length) {
                    w = Arrays.copyOf(w, 2 * n);
                    f = Arrays.copyOf(f, 2 * n);
                }
                w[n] = a;
                f[n] = b;
                n++;
            }
        } catch (IOException e) {
            throw new BadInputException(source, "cannot read stellar template: " + e.getMessage(), e);
        }
        if (n < 2) {
            throw new BadInputException(source, "stellar template has " + n + " finite rows, need at least 2");
        }
        return sortedUnique(w, f, n, file.getFileName().toString());
    }

    private static double parse(String s) {
        String l = s.toLowerCase(java.util.Locale.ROOT);
        if (l.equals("nan") || l.equals("+nan") || l.equals("-nan")) {
            return Double.NaN;
        }
        if (l.equals("inf") || l.equals("+inf") || l.equals("-inf")) {
            return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s);
    }

    private static ModelSpectrum sortedUnique(double[] w, double[] f, int n, String name) {
        final double[] ww = w;
        int[] idx = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> ww[i]))
                .mapToInt(Integer::intValue).toArray();
        double[] sw = new double[n];
        double[] sf = new double[n];
        int m = 0;
        for (int i : idx) {
            if (m > 0 && w[i] == sw[m - 1]) {
                continue;
            }
            sw[m] = w[i];
            sf[m] = f[i];
            m++;
        }
        return new ModelSpectrum(Arrays.copyOf(sw, m), Arrays.copyOf(sf, m), "template " + name);
    }
}
