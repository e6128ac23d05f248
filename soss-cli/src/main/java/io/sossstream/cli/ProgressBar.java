package io.sossstream.cli;

import io.sossstream.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr. On a terminal it redraws in place; elsewhere (CI logs) it prints a line
 * every 10 % so logs stay short.
 */
final class ProgressBar implements ProgressListener {
    private final PrintStream out;
    private final boolean interactive;
    private String task = "";
    private long lastDecile = -1;
    private long lastDraw;
    private long started;

    ProgressBar(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null;
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        long now = System.nanoTime();
        if (!task.equals(this.task)) {
            if (interactive && !this.task.isEmpty()) {
                out.println();
            }
            this.task = task;
            this.lastDecile = -1;
            this.started = now;
        }
        double frac = total <= 0 ? 1 : Math.min(1, (double) done / total);
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        if (interactive) {
            if (done < total && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int n = (int) Math.round(frac * 30);
            out.printf(Locale.ROOT, "\r%-22s [%s%s] %5.1f%% %d/%d  %.0f/s", task, "#".repeat(n), " ".repeat(30 - n),
                    100 * frac, done, total, rate);
            if (done >= total) {
                out.println();
            }
        } else {
            long decile = (long) Math.floor(frac * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.printf(Locale.ROOT, "%s: %d/%d (%.0f%%, %.0f/s)%n", task, done, total, 100 * frac, rate);
            }
        }
    }
}
