package io.sossstream.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An x–y plot of one or more series written as PNG: width-optimisation curve, white-light curve, stellar
 * spectra, cross-correlation. NaN samples break the line.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(255, 127, 14),
        new Color(148, 103, 189)
    };

    private record Series(String label, double[] x, double[] y, boolean points) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<double[]> markers = new ArrayList<>();

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a line. */
    public LinePlot line(String label, double[] x, double[] y) {
        series.add(new Series(label, x, y, false));
        return this;
    }

    /** Adds a series drawn as dots. */
    public LinePlot points(String label, double[] x, double[] y) {
        series.add(new Series(label, x, y, true));
        return this;
    }

    /** Adds a vertical marker at x (e.g. the chosen aperture width). */
    public LinePlot verticalMarker(double x) {
        markers.add(new double[] {x});
        return this;
    }

    /** Renders to a PNG file (1000 × 600). */
    public void write(Path png) throws IOException {
        Png.write(render(), png);
    }

    /** The plot as an image (to compose several in one {@link PlotSheet}). */
    public BufferedImage render() {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    xmin = Math.min(xmin, s.x[i]);
                    xmax = Math.max(xmax, s.x[i]);
                    ymin = Math.min(ymin, s.y[i]);
                    ymax = Math.max(ymax, s.y[i]);
                }
            }
        }
        if (!Double.isFinite(xmin)) {
            xmin = 0;
            xmax = 1;
            ymin = 0;
            ymax = 1;
        }
        double pad = 0.05 * (ymax - ymin);
        Axes axes = new Axes(1000, 600, xmin, xmax, ymin - pad, ymax + pad, false);
        BufferedImage img = Axes.canvas(axes.width, axes.height);
        Graphics2D g = Axes.graphics(img);
        g.setClip(Axes.LEFT, Axes.TOP, axes.plotWidth() + 1, axes.plotHeight() + 1);
        for (double[] m : markers) {
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            int x = (int) Math.round(axes.px(m[0]));
            g.drawLine(x, Axes.TOP, x, Axes.TOP + axes.plotHeight());
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(PALETTE[k % PALETTE.length]);
            g.setStroke(new BasicStroke(1.3f));
            if (s.points) {
                for (int i = 0; i < s.x.length; i++) {
                    if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                        g.fillOval((int) axes.px(s.x[i]) - 2, (int) axes.py(s.y[i]) - 2, 4, 4);
                    }
                }
                continue;
            }
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                    pen = false;
                    continue;
                }
                if (pen) {
                    path.lineTo(axes.px(s.x[i]), axes.py(s.y[i]));
                } else {
                    path.moveTo(axes.px(s.x[i]), axes.py(s.y[i]));
                    pen = true;
                }
            }
            g.draw(path);
        }
        g.setClip(null);
        axes.decorate(g, title, xLabel, yLabel);
        drawLegend(g, axes);
        g.dispose();
        return img;
    }

    private void drawLegend(Graphics2D g, Axes axes) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = Axes.TOP + 18;
        for (int k = 0; k < series.size(); k++) {
            if (series.get(k).label == null || series.get(k).label.isEmpty()) {
                continue;
            }
            g.setColor(PALETTE[k % PALETTE.length]);
            int x = Axes.LEFT + axes.plotWidth() - 220;
            g.fillRect(x, y - 8, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(series.get(k).label, x + 24, y - 3);
            y += 16;
        }
    }
}
