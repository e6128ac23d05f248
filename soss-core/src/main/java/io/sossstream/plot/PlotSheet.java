package io.sossstream.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Several rendered plots stacked top to bottom in one PNG (one file a person opens to see a whole product). */
public final class PlotSheet {
    private PlotSheet() {
    }

    /** Writes the panels one under the other, left-aligned on white. */
    public static void write(List<BufferedImage> panels, Path png) throws IOException {
        int width = panels.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int height = panels.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage sheet = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int y = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, 0, y, null);
            y += p.getHeight();
        }
        g.dispose();
        Png.write(sheet, png);
    }
}
