package io.sossstream.cli;

import java.io.PrintStream;

/** {@code soss-stream demo}: stack up, simulate, ingest, wait for spectra-ready, download the products. */
final class DemoCommand {
    private final PrintStream err;

    DemoCommand(PrintStream out, PrintStream err) {
        this.err = err;
    }

    int execute(String[] argv) {
        err.println("soss-stream: demo needs the four services (work in progress)");
        return Main.INTERNAL_ERROR;
    }
}
