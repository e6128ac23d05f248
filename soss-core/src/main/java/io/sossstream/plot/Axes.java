package io.sossstream.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** A rectangular data area with linear x/y axes, ticks and labels: what every soss-stream plot draws on. */
final class Axes {
    static final int LEFT = 90;
    static final int RIGHT = 30;
    static final int TOP = 45;
    static final int BOTTOM = 60;

    final int width;
    final int height;
    final double xmin;
    final double xmax;
    final double ymin;
    final double ymax;
    final boolean yDown;

    /** @param yDown true for images (row 0 at the top) */
    Axes(int width, int height, double xmin, double xmax, double ymin, double ymax, boolean yDown) {
        this.width = width;
        this.height = height;
        this.xmin = xmin;
        this.xmax = xmax == xmin ? xmin + 1 : xmax;
        this.ymin = ymin;
        this.ymax = ymax == ymin ? ymin + 1 : ymax;
        this.yDown = yDown;
    }

    int plotWidth() {
        return width - LEFT - RIGHT;
    }

    int plotHeight() {
        return height - TOP - BOTTOM;
    }

    double px(double x) {
        return LEFT + (x - xmin) / (xmax - xmin) * plotWidth();
    }

    double py(double y) {
        double f = (y - ymin) / (ymax - ymin);
        return yDown ? TOP + f * plotHeight() : TOP + (1 - f) * plotHeight();
    }

    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** Frame, ticks, tick labels, axis labels and title. */
    void decorate(Graphics2D g, String title, String xLabel, String yLabel) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, plotWidth(), plotHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double t : ticks(xmin, xmax)) {
            int x = (int) Math.round(px(t));
            g.drawLine(x, TOP + plotHeight(), x, TOP + plotHeight() - 5);
            String s = format(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, TOP + plotHeight() + 16);
        }
        for (double t : ticks(Math.min(ymin, ymax), Math.max(ymin, ymax))) {
            int y = (int) Math.round(py(t));
            g.drawLine(LEFT, y, LEFT + 5, y);
            String s = format(t);
            g.drawString(s, LEFT - 6 - fm.stringWidth(s), y + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        fm = g.getFontMetrics();
        g.drawString(xLabel, LEFT + plotWidth() / 2 - fm.stringWidth(xLabel) / 2, height - 18);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotHeight() / 2) - fm.stringWidth(yLabel) / 2, 22);
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        fm = g.getFontMetrics();
        g.drawString(title, width / 2 - fm.stringWidth(title) / 2, 28);
    }

    /** About six "nice" tick values (1, 2, 5 × 10^k steps) covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double span = hi - lo;
        if (!(span > 0) || !Double.isFinite(span)) {
            return new double[] {lo};
        }
        double raw = span / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double first = Math.ceil(lo / step) * step;
        int n = (int) Math.floor((hi - first) / step) + 1;
        double[] t = new double[Math.max(n, 0)];
        for (int i = 0; i < t.length; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) {
            return String.format(java.util.Locale.ROOT, "%.2g", v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
