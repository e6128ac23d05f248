package io.sossstream.plot;

import io.sossstream.stats.NanStats;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A detector image (row 0 at the top, as ds9 shows SOSS subarrays flipped) with curves drawn over it:
 * the deep stack with trace centroids and aperture edges. Grey scale between the 1st and 99.5th percentiles
 * on an arcsinh stretch, so the faint order 2/3 traces stay visible next to order 1.
 */
public final class ImagePlot {
    private record Curve(String label, double[] y, Color color, boolean dashed) {
    }

    private final String title;
    private final int rows;
    private final int cols;
    private final double[] pixels;
    private final List<Curve> curves = new ArrayList<>();

    /** @param pixels row-major rows × cols */
    public ImagePlot(String title, int rows, int cols, double[] pixels) {
        this.title = title;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    /** A curve y(x) for x = 0…cols−1 (NaN breaks it). */
    public ImagePlot curve(String label, double[] y, Color color, boolean dashed) {
        curves.add(new Curve(label, y, color, dashed));
        return this;
    }

    /** Renders to PNG: 1 detector column per pixel horizontally down-sampled to fit 1600 px. */
    public void write(Path png) throws IOException {
        Png.write(render(), png);
    }

    /** The plot as an image (to compose several in one {@link PlotSheet}). */
    public BufferedImage render() {
        int plotW = 1600;
        int plotH = Math.max(200, (int) Math.round(plotW * (double) rows / cols * 2.5));
        int width = plotW + Axes.LEFT + Axes.RIGHT;
        int height = plotH + Axes.TOP + Axes.BOTTOM;
        Axes axes = new Axes(width, height, 0, cols, 0, rows, true);
        // the two grey-scale limits by selection: a full sort of a 524 k-pixel frame costs more than the rendering
        double[] finite = Arrays.stream(pixels).filter(Double::isFinite).toArray();
        double lo = finite.length == 0 ? 0 : NanStats.select(finite, finite.length, (int) (0.01 * (finite.length - 1)));
        double hi = finite.length == 0 ? 1 : NanStats.select(finite, finite.length, (int) (0.995 * (finite.length - 1)));
        double scale = Math.max((hi - lo) / 50.0, 1e-12);
        double norm = asinh((hi - lo) / scale);
        BufferedImage img = Axes.canvas(width, height);
        // the canvas's own pixels (TYPE_INT_RGB): setRGB per pixel goes through the colour model for each one
        int[] rgbData = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int py = 0; py < plotH; py++) {
            int r = Math.min(rows - 1, (int) ((double) py / plotH * rows));
            for (int px = 0; px < plotW; px++) {
                int c = Math.min(cols - 1, (int) ((double) px / plotW * cols));
                double v = pixels[r * cols + c];
                int grey;
                if (!Double.isFinite(v)) {
                    grey = -1;
                } else {
                    double f = asinh(Math.max(v - lo, 0) / scale) / norm;
                    grey = (int) Math.round(255 * Math.min(1, f));
                }
                int rgb = grey < 0 ? 0x803030 : (grey << 16) | (grey << 8) | grey;
                rgbData[(Axes.TOP + py) * width + Axes.LEFT + px] = rgb;
            }
        }
        Graphics2D g = Axes.graphics(img);
        g.setClip(Axes.LEFT, Axes.TOP, plotW, plotH);
        for (Curve c : curves) {
            g.setColor(c.color);
            g.setStroke(c.dashed
                    ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f)
                    : new BasicStroke(1.4f));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int x = 0; x < c.y.length; x++) {
                double y = c.y[x];
                if (!Double.isFinite(y)) {
                    pen = false;
                    continue;
                }
                double X = axes.px(x + 0.5);
                double Y = axes.py(y + 0.5);
                if (pen) {
                    path.lineTo(X, Y);
                } else {
                    path.moveTo(X, Y);
                    pen = true;
                }
            }
            g.draw(path);
        }
        g.setClip(null);
        axes.decorate(g, title, "x (detector column)", "y (row)");
        int ly = Axes.TOP + plotH + 40;
        int lx = Axes.LEFT + plotW - 600;
        for (Curve c : curves) {
            if (c.label == null) {
                continue;
            }
            g.setColor(c.color);
            g.fillRect(lx, ly - 8, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(c.label, lx + 22, ly - 3);
            lx += 150;
        }
        g.dispose();
        return img;
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }
}
