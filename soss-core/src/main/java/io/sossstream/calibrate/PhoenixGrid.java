package io.sossstream.calibrate;

import io.sossstream.error.BadInputException;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * PHOENIX-ACES-AGSS-COND-2011 HiRes models (Husser et al. 2013), laid out as on the Göttingen server: one
 * wavelength file {@value #WAVE_FILE} (Å, 1-D primary HDU) and one flux file per grid point,
 * {@code lte{Teff:05d}-{logg:.2f}{sign}{|[Fe/H]|:.1f}.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits} (1-D primary HDU,
 * erg/s/cm²/cm), sign '-' for [Fe/H] ≤ 0 (so {@code -0.0}), e.g. {@code lte05400-4.50-0.0...}.
 * <p>
 * Neighbours (§7): Teff floor/ceil on 100 K steps (200 K above 7000 K, as the real grid; exoTEDRF's {@code lte0}
 * prefix is the 5-digit zero padding, which differs only at ≥ 10000 K), log g on 0.5, [Fe/H] on 1.0 — the spec's
 * step, although the real grid also has −1.5, −0.5 and +0.5: a star at [Fe/H] = −0.3 blends the −1.0 and −0.0
 * files, as exoTEDRF does. A parameter on a grid point uses one file; otherwise the (up to 8) neighbours are
 * interpolated trilinearly. Grid limits: 2300 ≤ Teff ≤ 12000 K, 0 ≤ log g ≤ 6, −4 ≤ [Fe/H] ≤ +1.
 */
public final class PhoenixGrid implements StellarModelGrid {
    public static final String WAVE_FILE = "WAVE_PHOENIX-ACES-AGSS-COND-2011.fits";
    /** Public home of the files, for error messages. */
    public static final String PUBLIC_BASE = "https://phoenix.astro.physik.uni-goettingen.de/data/HiResFITS/";
    public static final double TEFF_MIN = 2300;
    public static final double TEFF_MAX = 12000;
    public static final double LOGG_MIN = 0;
    public static final double LOGG_MAX = 6;
    public static final double FEH_MIN = -4;
    public static final double FEH_MAX = 1;

    private final ModelFileSource source;

    public PhoenixGrid(ModelFileSource source) {
        this.source = source;
    }

    @Override
    public ModelSpectrum spectrum(double teff, double logg, double feh) {
        checkInside(teff, logg, feh);
        double[] ts = neighbours(teff, teff <= 7000 ? 100 : 200);
        double[] gs = neighbours(logg, 0.5);
        double[] ms = neighbours(feh, 1.0);
        double[] wave = readArray(WAVE_FILE, PUBLIC_BASE + WAVE_FILE);
        for (int i = 0; i < wave.length; i++) {
            wave[i] /= 1e4; // Å → µm
        }
        double[] sum = new double[wave.length];
        for (int it = 0; it < ts.length; it++) {
            for (int ig = 0; ig < gs.length; ig++) {
                for (int im = 0; im < ms.length; im++) {
                    double weight = weight(teff, ts, it) * weight(logg, gs, ig) * weight(feh, ms, im);
                    if (weight == 0) {
                        continue;
                    }
                    String name = fileName(ts[it], gs[ig], ms[im]);
                    double[] f = readArray(name, publicUrl(name, ms[im]));
                    if (f.length != wave.length) {
                        throw new BadInputException(source.describe(name), "has " + f.length
                                + " flux samples but " + WAVE_FILE + " has " + wave.length);
                    }
                    for (int i = 0; i < f.length; i++) {
                        sum[i] += weight * f[i];
                    }
                }
            }
        }
        String desc = String.format(Locale.ROOT, "PHOENIX-ACES-AGSS-COND-2011 Teff=%.0f logg=%.2f [Fe/H]=%.2f",
                teff, logg, feh);
        return new ModelSpectrum(wave, sum, desc);
    }

    /** PHOENIX HiRes flux file name of a grid point. */
    public static String fileName(double teff, double logg, double feh) {
        return String.format(Locale.ROOT, "lte%05d-%.2f%s.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits",
                Math.round(teff), logg, metallicity(feh));
    }

    /** Public address of a flux file: …/PHOENIX-ACES-AGSS-COND-2011/Z{sign}{|[Fe/H]|}/{name}. */
    public static String publicUrl(String name, double feh) {
        return PUBLIC_BASE + "PHOENIX-ACES-AGSS-COND-2011/Z" + metallicity(feh) + "/" + name;
    }

    private static String metallicity(double feh) {
        return String.format(Locale.ROOT, "%s%.1f", feh > 0 ? "+" : "-", Math.abs(feh));
    }

    private static void checkInside(double teff, double logg, double feh) {
        StringBuilder bad = new StringBuilder();
        if (!(teff >= TEFF_MIN && teff <= TEFF_MAX)) {
            bad.append(String.format(Locale.ROOT, " Teff %.1f K outside %.0f…%.0f K;", teff, TEFF_MIN, TEFF_MAX));
        }
        if (!(logg >= LOGG_MIN && logg <= LOGG_MAX)) {
            bad.append(String.format(Locale.ROOT, " log g %.3f outside %.0f…%.0f;", logg, LOGG_MIN, LOGG_MAX));
        }
        if (!(feh >= FEH_MIN && feh <= FEH_MAX)) {
            bad.append(String.format(Locale.ROOT, " [Fe/H] %.3f outside %.0f…%+.0f;", feh, FEH_MIN, FEH_MAX));
        }
        if (bad.length() > 0) {
            throw new BadInputException("stellar parameters",
                    "outside the PHOENIX-ACES-AGSS-COND-2011 grid:" + bad.substring(0, bad.length() - 1));
        }
    }

    /** Lower and upper grid neighbours (one value when on a grid point). */
    static double[] neighbours(double v, double step) {
        double lo = Math.floor(v / step + 1e-9) * step;
        double hi = Math.ceil(v / step - 1e-9) * step;
        lo = Math.round(lo * 100) / 100.0; // tame 0.1-type rounding for names
        hi = Math.round(hi * 100) / 100.0;
        return lo == hi ? new double[] {lo} : new double[] {lo, hi};
    }

    /** Linear weight of neighbour i of v. */
    private static double weight(double v, double[] grid, int i) {
        if (grid.length == 1) {
            return 1.0;
        }
        double t = (v - grid[0]) / (grid[1] - grid[0]);
        return i == 0 ? 1 - t : t;
    }

    /** The 1-D primary array of a file, as doubles; missing or unreadable → BadInputException. */
    private double[] readArray(String name, String publicAddress) {
        String where = source.describe(name);
        Optional<InputStream> in;
        try {
            in = source.open(name);
        } catch (IOException e) {
            throw new BadInputException(where, "cannot open PHOENIX model file: " + e.getMessage(), e);
        }
        if (in.isEmpty()) {
            throw new BadInputException(name, "PHOENIX model file not found (looked for " + where
                    + "); download it from " + publicAddress);
        }
        try (InputStream s = in.get(); Fits fits = new Fits(s)) {
            BasicHDU<?> hdu = fits.readHDU();
            Object data = hdu == null ? null : hdu.getKernel();
            if (data instanceof double[] d) {
                return d.clone();
            }
            if (data instanceof float[] f) {
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                return d;
            }
            throw new BadInputException(where, "primary HDU is not a 1-D float array");
        } catch (FitsException | IOException e) {
            throw new BadInputException(where, "not a readable PHOENIX FITS file: " + e.getMessage(), e);
        }
    }
}
