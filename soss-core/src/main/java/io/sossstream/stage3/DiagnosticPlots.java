package io.sossstream.stage3;

import io.sossstream.calibrate.WavelengthRefinement;
import io.sossstream.calibrate.WavelengthShift;
import io.sossstream.extract.BoxAperture;
import io.sossstream.plot.ImagePlot;
import io.sossstream.plot.LinePlot;
import io.sossstream.spectra.TimeSeriesSpectra;
import io.sossstream.stack.DeepStack;
import io.sossstream.stats.NanStats;
import io.sossstream.trace.TracePrior;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PNG diagnostics of a Stage 3 run: what a person opens to judge the extraction. */
public final class DiagnosticPlots {
    public static final String DEEP_STACK = "deepstack_traces.png";
    public static final String WIDTH_CURVE = "width_optimisation.png";
    public static final String WHITE_LIGHT = "white_light_curve.png";
    public static final String STELLAR_SPECTRUM = "stellar_spectrum.png";
    public static final String CCF = "wavelength_ccf.png";
    public static final String CCF_SPECTRA = "wavelength_highpass.png";

    private DiagnosticPlots() {
    }

    /**
     * Deep stack with the measured centroids of orders 1–3, their prior (null: none drawn) and the box edges of
     * orders 1–2; the width curve if optimised.
     */
    public static List<Path> profile(Profile p, DeepStack stack, TracePrior prior, Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            ImagePlot img = new ImagePlot("Deep stack " + p.observationId(), stack.rows(), stack.cols(), stack.toDoubleArray());
            Color[] colors = {new Color(230, 60, 60), new Color(60, 160, 255), new Color(80, 200, 80)};
            for (int order = 1; order <= 3; order++) {
                img.curve("order " + order, p.centroids().order(order), colors[order - 1], false);
            }
            if (prior != null) {
                for (int order = 1; order <= 3; order++) {
                    img.curve(order == 1 ? "prior (dotted)" : null, prior.order(order), Color.WHITE, true);
                }
            }
            for (int order = 1; order <= 2; order++) {
                double[] c = BoxAperture.extractedCentres(p.centroids(), order);
                double half = p.width(order) / 2.0;
                img.curve(null, offset(c, -half), colors[order - 1], true);
                img.curve(null, offset(c, +half), colors[order - 1], true);
            }
            Path f = dir.resolve(DEEP_STACK);
            img.write(f);
            out.add(f);
            if (p.widthCurveOrder1() != null || p.widthCurveOrder2() != null) {
                Profile.WidthCurve any = p.widthCurveOrder1() != null ? p.widthCurveOrder1() : p.widthCurveOrder2();
                String unit = any.unit() == null ? "DN/s" : any.unit();
                LinePlot lp = new LinePlot("Aperture width optimisation (chosen widths marked)", "box width (px)",
                        "white-light point-to-point scatter (" + unit + ")");
                for (int order = 1; order <= 2; order++) {
                    Profile.WidthCurve c = order == 1 ? p.widthCurveOrder1() : p.widthCurveOrder2();
                    if (c != null) {
                        lp.line("order " + order + ": " + p.width(order) + " px", toDouble(c.widths()), c.scores());
                        lp.verticalMarker(p.width(order));
                    }
                }
                f = dir.resolve(WIDTH_CURVE);
                lp.write(f);
                out.add(f);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The white-light curve (order 1), normalised by its median. */
    public static Path whiteLightCurve(TimeSeriesSpectra s, Path dir) {
        int n = s.integrations();
        double[] wlc = new double[n];
        for (int t = 0; t < n; t++) {
            wlc[t] = NanStats.nansum(s.fluxO1()[t]);
        }
        double med = NanStats.nanmedian(wlc);
        double[] norm = new double[n];
        for (int t = 0; t < n; t++) {
            norm[t] = wlc[t] / med;
        }
        Path f = dir.resolve(WHITE_LIGHT);
        try {
            new LinePlot("White-light curve (order 1)", "time (MJD_TDB)", "relative flux").points("order 1", s.times(), norm).write(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** The time-median stellar spectrum of both orders. */
    public static Path stellarSpectrum(TimeSeriesSpectra s, Path dir) {
        Path f = dir.resolve(STELLAR_SPECTRUM);
        try {
            new LinePlot("Extracted stellar spectrum (median over time)", "wavelength (µm)", "flux (DN/s)")
                    .line("order 1", s.waveO1(), timeMedian(s.fluxO1()))
                    .line("order 2", s.waveO2(), timeMedian(s.fluxO2()))
                    .write(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** High-passed data over the shifted model, and the cross-correlation around its peak. */
    public static List<Path> calibration(WavelengthRefinement.Result r, Path dir) {
        WavelengthShift s = r.shift();
        if (s == null) {
            return List.of();
        }
        try {
            Path f1 = dir.resolve(CCF);
            new LinePlot(String.format(java.util.Locale.ROOT, "CCF: shift %+.3f ± %.3f px (prior %+.2f px)%s",
                    s.pixels(), s.uncertaintyPixels(), r.predictedOffsetPixels(),
                    r.status() == WavelengthRefinement.Status.REFINED ? "" : " - NOT APPLIED: " + r.status().name()),
                    "lag (px)", "correlation")
                    .line("CCF", s.lagsPixels(), s.ccf()).verticalMarker(s.pixels()).write(f1);
            double[] shiftedWave = s.wavelength().clone();
            for (int i = 0; i < shiftedWave.length; i++) {
                shiftedWave[i] += s.microns();
            }
            Path f2 = dir.resolve(CCF_SPECTRA);
            new LinePlot("High-passed stellar spectrum and model", "wavelength (µm)", "high-passed flux")
                    .line("data", shiftedWave, normalise(s.dataHighPass()))
                    .line("model (shifted)", shiftedWave, normalise(s.modelHighPass()))
                    .write(f2);
            return List.of(f1, f2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] normalise(double[] a) {
        double sd = NanStats.nanstd(a);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / (sd > 0 ? sd : 1);
        }
        return out;
    }

    private static double[] timeMedian(double[][] flux) {
        int cols = flux[0].length;
        double[] col = new double[flux.length];
        double[] out = new double[cols];
        for (int x = 0; x < cols; x++) {
            for (int t = 0; t < flux.length; t++) {
                col[t] = flux[t][x];
            }
            out[x] = NanStats.nanmedian(col);
        }
        return out;
    }

    private static double[] offset(double[] c, double d) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i] + d;
        }
        return out;
    }

    private static double[] toDouble(int[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
