package io.sossstream.simulate;

import io.sossstream.error.BadInputException;
import io.sossstream.fits.Npy;
import io.sossstream.segment.Subarray;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A noiseless SOSS scene (DN/s, rows × 2048): the packaged real WASP-39 median frame or a user file
 * (.npy float32/float64, or the first 2-D float image of a .fits). Non-finite values become 0.
 */
public final class Scene {
    public static final String RESOURCE = "/io/sossstream/scene/medframe.npy";

    final float[] flux;
    final Subarray subarray;
    final String source;

    private Scene(float[] flux, Subarray subarray, String source) {
        this.flux = flux;
        this.subarray = subarray;
        this.source = source;
    }

    /** Loads {@code file}, or the packaged median frame when null. */
    public static Scene load(Path file) {
        if (file == null) {
            try (InputStream in = Scene.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing from the soss-core jar");
                }
                return of(Npy.read(in, "medframe.npy"), "medframe.npy (WASP-39 b, packaged)");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE, e);
            }
        }
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return of(Npy.read(file), name);
        }
        return of(readFitsImage(file, name), name);
    }

    private static Npy.Array readFitsImage(Path file, String name) {
        try (Fits fits = new Fits(file.toFile())) {
            for (BasicHDU<?> hdu : fits.read()) {
                if (hdu instanceof ImageHDU image && image.getAxes() != null && image.getAxes().length == 2) {
                    Object kernel = image.getKernel();
                    int[] shape = image.getAxes();
                    double[] data = new double[shape[0] * shape[1]];
                    for (int y = 0; y < shape[0]; y++) {
                        for (int x = 0; x < shape[1]; x++) {
                            data[y * shape[1] + x] = kernel instanceof float[][] f ? f[y][x]
                                    : kernel instanceof double[][] d ? d[y][x] : Double.NaN;
                        }
                    }
                    if (!(kernel instanceof float[][]) && !(kernel instanceof double[][])) {
                        throw new BadInputException(name, "scene image must be float32 or float64");
                    }
                    return new Npy.Array(data, shape);
                }
            }
        } catch (IOException | nom.tam.fits.FitsException e) {
            throw new BadInputException(name, "cannot read scene FITS: " + e.getMessage(), e);
        }
        throw new BadInputException(name, "no 2-D image HDU for the scene");
    }

    private static Scene of(Npy.Array a, String source) {
        if (a.shape().length != 2 || a.cols() != Subarray.COLUMNS
                || (a.rows() != Subarray.SUBSTRIP256.rows() && a.rows() != Subarray.SUBSTRIP96.rows())) {
            throw new BadInputException(source, "scene shape " + java.util.Arrays.toString(a.shape())
                    + ", expected (256, 2048) or (96, 2048)");
        }
        Subarray sub = a.rows() == 256 ? Subarray.SUBSTRIP256 : Subarray.SUBSTRIP96;
        float[] f = new float[a.data().length];
        for (int k = 0; k < f.length; k++) {
            double v = a.data()[k];
            f[k] = Double.isFinite(v) ? (float) v : 0f;
        }
        return new Scene(f, sub, source);
    }

    public Subarray subarray() {
        return subarray;
    }

    public String source() {
        return source;
    }
}
