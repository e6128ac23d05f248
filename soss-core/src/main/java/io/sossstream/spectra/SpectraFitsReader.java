package io.sossstream.spectra;

import io.sossstream.error.BadInputException;
import nom.tam.fits.Header;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@code *_spectra_fullres.fits} file in exoTEDRF's layout (as {@link SpectraFitsWriter} writes it). */
public final class SpectraFitsReader {
    private SpectraFitsReader() {
    }

    /**
     * The spectra and the primary header of a file.
     *
     * @param spectra the nine arrays
     * @param primary the primary header (TARGET, DATE, WIDTH, provenance cards…)
     */
    public record Contents(TimeSeriesSpectra spectra, Header primary) {
    }

    /** Reads {@code path}; a malformed file is a {@link BadInputException} naming it. */
    public static Contents read(Path path) throws IOException {
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /** Parses the bytes of a spectra file; {@code source} names it in error messages. */
    public static Contents fromBytes(byte[] bytes, String source) {
        Float64Hdus hdus = Float64Hdus.of(bytes, source);
        double[] times = hdus.vector("Time", -1);
        double[] w1 = hdus.vector("Wave O1", -1);
        int n = times.length;
        int cols = w1.length;
        if (n < 1) {
            throw new BadInputException(source, "the Time extension is empty");
        }
        TimeSeriesSpectra s = new TimeSeriesSpectra(times,
                w1, hdus.vector("Wave Err O1", cols),
                hdus.matrix("Flux O1", n, cols), hdus.matrix("Flux Err O1", n, cols),
                hdus.vector("Wave O2", cols), hdus.vector("Wave Err O2", cols),
                hdus.matrix("Flux O2", n, cols), hdus.matrix("Flux Err O2", n, cols));
        return new Contents(s, hdus.primary());
    }
}
