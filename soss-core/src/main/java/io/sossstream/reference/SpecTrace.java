package io.sossstream.reference;

import io.sossstream.error.BadInputException;
import io.sossstream.segment.Subarray;
import io.sossstream.stats.Interp;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The SOSS SPECTRACE reference file: for orders 1–3, the trace's x, y (subarray pixels) against wavelength (µm).
 * The files ship inside soss-core ({@code jwst_niriss_spectrace_0023.fits} for SUBSTRIP256/FULL,
 * {@code _0022} for SUBSTRIP96).
 */
public final class SpecTrace {
    public static final int ORDERS = 3;
    /** The packaged tables, read once per process. */
    private static final Map<Subarray, SpecTrace> LOADED = new ConcurrentHashMap<>();

    private final Subarray subarray;
    /** Per order (index order-1): samples sorted by increasing X. */
    private final double[][] x = new double[ORDERS][];
    private final double[][] y = new double[ORDERS][];
    private final double[][] wavelength = new double[ORDERS][];
    private final double[][] throughput = new double[ORDERS][];

    private SpecTrace(Subarray subarray) {
        this.subarray = subarray;
    }

    /** Reference file name used for a subarray. */
    public static String fileName(Subarray subarray) {
        return subarray == Subarray.SUBSTRIP96 ? "jwst_niriss_spectrace_0022.fits" : "jwst_niriss_spectrace_0023.fits";
    }

    /** Loads the packaged SPECTRACE of a subarray (FULL uses the SUBSTRIP256 table; its y are subarray rows). */
    public static SpecTrace load(Subarray subarray) {
        // immutable, and several steps of a run need it
        return LOADED.computeIfAbsent(subarray, SpecTrace::readPackaged);
    }

    private static SpecTrace readPackaged(Subarray subarray) {
        String name = fileName(subarray);
        try (InputStream in = SpecTrace.class.getResourceAsStream("/io/sossstream/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("reference file " + name + " missing from the soss-core jar");
            }
            return read(in, name, subarray);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read packaged " + name, e);
        }
    }

    /** Reads a SPECTRACE file from a stream. */
    public static SpecTrace read(InputStream in, String source, Subarray subarray) {
        SpecTrace t = new SpecTrace(subarray);
        try (Fits fits = new Fits(in)) {
            int order = 0;
            for (BasicHDU<?> hdu : fits.read()) {
                if (!(hdu instanceof BinaryTableHDU table) || order >= ORDERS) {
                    continue;
                }
                double[] xs = (double[]) table.getColumn("X");
                double[] ys = (double[]) table.getColumn("Y");
                double[] ws = (double[]) table.getColumn("WAVELENGTH");
                double[] ts = (double[]) table.getColumn("THROUGHPUT");
                Integer[] idx = IntStream.range(0, xs.length).boxed().toArray(Integer[]::new);
                Arrays.sort(idx, Comparator.comparingDouble(i -> xs[i]));
                t.x[order] = new double[xs.length];
                t.y[order] = new double[xs.length];
                t.wavelength[order] = new double[xs.length];
                t.throughput[order] = new double[xs.length];
                for (int k = 0; k < idx.length; k++) {
                    t.x[order][k] = xs[idx[k]];
                    t.y[order][k] = ys[idx[k]];
                    t.wavelength[order][k] = ws[idx[k]];
                    t.throughput[order][k] = ts[idx[k]];
                }
                order++;
            }
            if (order < ORDERS) {
                throw new BadInputException(source, "SPECTRACE has " + order + " ORDER tables, expected 3");
            }
        } catch (FitsException | IOException e) {
            throw new BadInputException(source, "not a readable SPECTRACE FITS file: " + e.getMessage(), e);
        }
        return t;
    }

    public Subarray subarray() {
        return subarray;
    }

    /** Trace X samples of an order (1-based), increasing. */
    public double[] x(int order) {
        return x[order - 1].clone();
    }

    /** Trace Y samples of an order, matching {@link #x(int)}. */
    public double[] y(int order) {
        return y[order - 1].clone();
    }

    /** Wavelengths (µm) of an order, matching {@link #x(int)}. */
    public double[] wavelength(int order) {
        return wavelength[order - 1].clone();
    }

    /** THROUGHPUT of an order, matching {@link #x(int)}. */
    public double[] throughput(int order) {
        return throughput[order - 1].clone();
    }

    /** λ(x) by {@code np.interp} against the X-sorted table (clamped outside, as exoTEDRF/APPLESOSS do). */
    public double wavelengthAt(int order, double col) {
        return Interp.interp(col, x[order - 1], wavelength[order - 1]);
    }

    /** Trace y at column x by linear interpolation (clamped outside the table). */
    public double yAt(int order, double col) {
        return Interp.interp(col, x[order - 1], y[order - 1]);
    }

    /** Largest X of the table for an order (the trace leaves the detector beyond it for orders 2 and 3). */
    public double maxX(int order) {
        double[] xs = x[order - 1];
        return xs[xs.length - 1];
    }

    /** Smallest X of the table for an order. */
    public double minX(int order) {
        return x[order - 1][0];
    }
}
