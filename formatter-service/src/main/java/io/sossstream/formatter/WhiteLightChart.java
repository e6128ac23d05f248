package io.sossstream.formatter;

import io.sossstream.pipeline.WhiteLightSeries;
import io.sossstream.stats.NanStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live white-light curve of an observation in flight as inline SVG: every integration of the segments extracted
 * so far, orders 1 and 2 each divided by its median (relative flux), against hours since the first integration,
 * with a dashed line where each later segment starts. One {@code <g class="segment" data-segment="N">} per segment,
 * so that the page's growth can be followed (and tested) segment by segment.
 */
final class WhiteLightChart {
    static final int WIDTH = 460;
    static final int HEIGHT = 230;
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 24;
    private static final int BOTTOM = 36;
    private static final String[] COLOURS = {"#d62728", "#1f77b4"}; // order 1, order 2
    /** Percentiles that set the flux axis, so that one cosmic-ray hit does not flatten the transit. */
    private static final double LOW_PERCENTILE = 1;
    private static final double HIGH_PERCENTILE = 99;

    private WhiteLightChart() {
    }

    /** The chart of {@code series} (by segment number; not empty). */
    static String svg(List<WhiteLightSeries> series) {
        double t0 = series.stream().mapToDouble(s -> min(s.times())).min().orElseThrow();
        double t1 = series.stream().mapToDouble(s -> max(s.times())).max().orElseThrow();
        double[] median = {NanStats.nanmedian(all(series, 1)), NanStats.nanmedian(all(series, 2))};
        List<Double> relative = new ArrayList<>();
        for (int order = 1; order <= 2; order++) {
            for (double v : all(series, order)) {
                relative.add(v / median[order - 1]);
            }
        }
        double[] rel = relative.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        double lo = rel.length == 0 ? 0.99 : NanStats.nanpercentile(rel, LOW_PERCENTILE);
        double hi = rel.length == 0 ? 1.01 : NanStats.nanpercentile(rel, HIGH_PERCENTILE);
        double pad = Math.max(hi - lo, 1e-4) * 0.15;
        Axis x = new Axis(0, Math.max((t1 - t0) * 24, 1e-3), LEFT, WIDTH - RIGHT);
        Axis y = new Axis(lo - pad, hi + pad, HEIGHT - BOTTOM, TOP);
        int integrations = series.stream().mapToInt(s -> s.times().length).sum();

        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"white-light\" data-segments=\"%d\" width=\"%d\" "
                        + "height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">"
                        + "<title>white-light curve: %d segment(s), %d integrations</title>", series.size(), WIDTH,
                HEIGHT, WIDTH, HEIGHT, series.size(), integrations));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" "
                + "stroke=\"#888\"/>", LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (double v : new double[] {lo, (lo + hi) / 2, hi}) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">"
                    + "%.4f</text>", LEFT - 4, y.at(v) + 3, v));
        }
        for (double v : new double[] {x.min, (x.min + x.max) / 2, x.max}) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
                    + "%.2f</text>", x.at(v), HEIGHT - BOTTOM + 13, v));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">hours "
                + "since the first integration</text>", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(12 %d) rotate(-90)\" font-size=\"11\" "
                + "text-anchor=\"middle\">relative flux</text>", (TOP + HEIGHT - BOTTOM) / 2));
        for (int order = 1; order <= 2; order++) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"13\" r=\"3\" fill=\"%s\"/><text x=\"%d\" "
                    + "y=\"17\" font-size=\"11\">order %d</text>", LEFT + 6 + (order - 1) * 70, COLOURS[order - 1],
                    LEFT + 12 + (order - 1) * 70, order));
        }
        for (WhiteLightSeries s : series) {
            sb.append(String.format(Locale.ROOT, "<g class=\"segment\" data-segment=\"%d\">", s.segmentNumber()));
            double start = x.at((min(s.times()) - t0) * 24);
            if (s != series.get(0)) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                        + "stroke=\"#999\" stroke-dasharray=\"3 3\"/>", start, start, TOP, HEIGHT - BOTTOM));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#555\">seg %d"
                    + "</text>", start + 2, TOP + 10, s.segmentNumber()));
            for (int order = 1; order <= 2; order++) {
                double[] f = s.flux(order);
                for (int t = 0; t < f.length; t++) {
                    double r = f[t] / median[order - 1];
                    if (Double.isFinite(r)) {
                        sb.append(String.format(Locale.ROOT, "<circle class=\"o%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" "
                                + "fill=\"%s\"/>", order, x.at((s.times()[t] - t0) * 24), y.clamped(r),
                                COLOURS[order - 1]));
                    }
                }
            }
            sb.append("</g>");
        }
        return sb.append("</svg>").toString();
    }

    /** A linear map from data values [min, max] to pixels [from, to]. */
    private record Axis(double min, double max, double from, double to) {
        double at(double v) {
            return from + (v - min) / (max - min) * (to - from);
        }

        /** {@link #at} kept inside the plot: outliers sit on its edge. */
        double clamped(double v) {
            return at(Math.max(min, Math.min(max, v)));
        }
    }

    private static double[] all(List<WhiteLightSeries> series, int order) {
        return series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.flux(order))).toArray();
    }

    private static double min(double[] a) {
        return java.util.Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return java.util.Arrays.stream(a).max().orElse(Double.NaN);
    }
}
