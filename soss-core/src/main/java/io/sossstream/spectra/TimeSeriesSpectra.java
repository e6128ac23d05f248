package io.sossstream.spectra;

import io.sossstream.reference.WavelengthSolution;

import java.util.List;

/**
 * The assembled time series of stellar spectra, as in exoTEDRF's {@code <TARGNAME>_box_spectra_fullres.fits}:
 * columns in INCREASING wavelength order (detector columns reversed), fluxes of all segments stacked in time.
 *
 * @param times     mid-integration times (MJD_TDB = BJD_TDB − 2400000.5), length nint
 * @param waveO1    order-1 wavelengths (µm), length ncols
 * @param waveErrO1 order-1 half bin widths (µm)
 * @param fluxO1    order-1 flux [nint][ncols] (DN/s)
 * @param errO1     order-1 flux error
 * @param waveO2    order-2 wavelengths (µm; NaN off the trace)
 * @param waveErrO2 order-2 half bin widths (NaN where the wavelength is NaN)
 * @param fluxO2    order-2 flux
 * @param errO2     order-2 flux error
 */
public record TimeSeriesSpectra(double[] times,
                                double[] waveO1, double[] waveErrO1, double[][] fluxO1, double[][] errO1,
                                double[] waveO2, double[] waveErrO2, double[][] fluxO2, double[][] errO2) {

    public TimeSeriesSpectra {
        int n = times.length;
        int cols = waveO1.length;
        if (n < 1) {
            throw new IllegalArgumentException("a time series holds at least one integration");
        }
        for (double[] w : new double[][] {waveErrO1, waveO2, waveErrO2}) {
            if (w.length != cols) {
                throw new IllegalArgumentException("wavelength arrays must all have length " + cols);
            }
        }
        for (double[][] a : new double[][][] {fluxO1, errO1, fluxO2, errO2}) {
            if (a.length != n) {
                throw new IllegalArgumentException("flux arrays have " + a.length + " rows but " + n + " times");
            }
            for (double[] row : a) {
                if (row.length != cols) {
                    throw new IllegalArgumentException("flux rows must have " + cols + " columns");
                }
            }
        }
    }

    public int integrations() {
        return times.length;
    }

    public int columns() {
        return waveO1.length;
    }

    /**
     * exoTEDRF's packaging (§8 of the specification): stacks the segments in the given (time) order, reverses the
     * column order of wavelengths, fluxes and errors so that wavelength increases, cleans the fluxes (not the
     * errors) with {@code clipper}, and sets Wave Err = |make_bins widths| / 2.
     *
     * @param segments segment spectra in time order (detector column order)
     * @param wave     wavelengths per detector column
     * @param clipper  the light-curve clipper (exoTEDRF: thresh 10, window 10); null to skip clipping
     */
    public static TimeSeriesSpectra assemble(List<SegmentSpectra> segments, WavelengthSolution wave,
                                             LightCurveClipper clipper) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no segment spectra to assemble");
        }
        int n = 0;
        for (SegmentSpectra s : segments) {
            n += s.integrations();
        }
        int cols = segments.get(0).columns();
        double[] times = new double[n];
        double[][][] stacked = new double[4][n][];
        int t = 0;
        for (SegmentSpectra s : segments) {
            if (s.columns() != cols) {
                throw new IllegalArgumentException("segment " + s.segmentNumber() + " has " + s.columns()
                        + " columns, expected " + cols);
            }
            for (int i = 0; i < s.integrations(); i++, t++) {
                times[t] = s.times()[i];
                stacked[0][t] = reversed(s.fluxO1()[i]);
                stacked[1][t] = reversed(s.errO1()[i]);
                stacked[2][t] = reversed(s.fluxO2()[i]);
                stacked[3][t] = reversed(s.errO2()[i]);
            }
        }
        double[] w1 = reversed(wave.orderOne());
        double[] w2 = reversed(wave.orderTwo());
        double[][][] clipped = {stacked[0], stacked[2]};
        if (clipper != null) {
            // the two orders are independent: one per core
            io.sossstream.Workers.forEach(2, k -> clipped[k] = clipper.clip(stacked[2 * k]));
        }
        double[][] f1 = clipped[0];
        double[][] f2 = clipped[1];
        return new TimeSeriesSpectra(times, w1, WavelengthBins.halfWidths(w1), f1, stacked[1],
                w2, WavelengthBins.halfWidths(w2), f2, stacked[3]);
    }

    /** A reversed copy (detector column order ↔ increasing wavelength). */
    public static double[] reversed(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
