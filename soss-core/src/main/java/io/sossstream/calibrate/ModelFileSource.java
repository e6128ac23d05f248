package io.sossstream.calibrate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where stellar model files come from: a local directory ({@link DirectoryModelSource}) or, in the services,
 * an object-storage bucket. Files are addressed by their plain PHOENIX file name.
 */
public interface ModelFileSource {

    /**
     * Opens a model file.
     *
     * @param name file name, e.g. {@code lte05400-4.50-0.0.PHOENIX-ACES-AGSS-COND-2011-HiRes.fits}
     * @return the stream, or empty if the file is not there
     * @throws IOException if it is there but cannot be read
     */
    Optional<InputStream> open(String name) throws IOException;

    /** Where {@code name} was looked for (a path or an s3:// address), for error messages. */
    String describe(String name);
}
