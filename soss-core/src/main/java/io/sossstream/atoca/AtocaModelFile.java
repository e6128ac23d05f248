package io.sossstream.atoca;

import io.sossstream.error.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * An {@link AtocaModel} as bytes: the once-per-observation state (wavelength grid, Tikhonov factors, engines'
 * sparse responses and convolution matrices, the factorised normal matrices, the typical integration, box
 * apertures) stored once by the profile step and loaded by every extract replica, which then only runs ATOCA's
 * per-integration step. No fit or factorisation is redone on loading: a restored model extracts bit for bit as the
 * built one.
 *
 * <p>Layout: the 8 ASCII bytes {@code SOSSATOC}, a big-endian int format version ({@value #VERSION}), then the
 * fields, deflated (level 1: the profiles, masks and pixel weights are mostly zeros). Doubles are stored by their
 * bits (NaN payloads included), boolean arrays as bits, and an array several parts share (an order's profile, the
 * pixel errors) once, later occurrences by reference, so a restored model shares them as the built one did. The
 * bytes are a function of the model alone: the same model gives the same bytes. The normal matrices BᵀB and DᵀD
 * are not stored (only their factor is needed), nor what served only the construction (the trace-aperture mask);
 * two cheap element-wise functions of stored fields are derived again on loading, as the construction derives
 * them: the box-aperture weights (from the traces and the width) and the pixel weights P/σ².
 */
public final class AtocaModelFile {
    /** Format version; bump when the stored fields change (a reader refuses other versions). */
    public static final int VERSION = 2;
    private static final byte[] MAGIC = "SOSSATOC".getBytes(StandardCharsets.US_ASCII);

    private AtocaModelFile() {
    }

    public static byte[] toBytes(AtocaModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 22);
        try {
            write(model, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an ATOCA model", e);
        }
        return bytes.toByteArray();
    }

    public static void write(AtocaModel model, OutputStream out) throws IOException {
        out.write(MAGIC);
        new DataOutputStream(out).writeInt(VERSION);
        Deflater deflater = new Deflater(1);
        try {
            DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 1 << 16);
            Writer w = new Writer(new DataOutputStream(z));
            w.model(model);
            w.out.flush();
            z.finish();
        } finally {
            deflater.end();
        }
    }

    /**
     * @param source the object key or file the bytes came from (messages)
     * @throws BadInputException naming {@code source} when the bytes are not an ATOCA model of this format version
     */
    public static AtocaModel fromBytes(byte[] bytes, String source) {
        return read(new ByteArrayInputStream(bytes), source);
    }

    public static AtocaModel read(InputStream in, String source) {
        Inflater inflater = new Inflater();
        try {
            DataInputStream head = new DataInputStream(in);
            byte[] magic = new byte[MAGIC.length];
            head.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BadInputException(source, "not an ATOCA model file (no SOSSATOC signature)");
            }
            int version = head.readInt();
            if (version != VERSION) {
                throw new BadInputException(source, "ATOCA model format version " + version + "; this build reads "
                        + VERSION + " (rebuild the observation's profile)");
            }
            Reader r = new Reader(new DataInputStream(new InflaterInputStream(in, inflater, 1 << 16)));
            return r.model();
        } catch (EOFException e) {
            throw new BadInputException(source, "truncated ATOCA model file", e);
        } catch (IOException e) {
            throw new BadInputException(source, "unreadable ATOCA model file: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static final byte NULL = 0;
    private static final byte NEW = 1;
    private static final byte SHARED = 2;

    private static final class Writer {
        final DataOutputStream out;
        private final Map<Object, Integer> seen = new IdentityHashMap<>();
        private final byte[] buffer = new byte[1 << 16];

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void model(AtocaModel m) throws IOException {
            options(m.options);
            out.writeInt(m.orders.size());
            for (AtocaOrder o : m.orders) {
                out.writeInt(o.order());
                doubles(o.traceY());
                doubles(o.traceWavelength());
                doubles(o.columnWavelength());
                doubles(o.profile());
                doubles(o.throughput().x);
                doubles(o.throughput().y);
            }
            TypicalIntegration t = m.typical;
            out.writeInt(t.rows());
            out.writeInt(t.cols());
            doubles(t.data());
            doubles(t.sigma());
            booleans(t.bad());
            booleans(t.refPixel());
            out.writeInt(m.boxWeights.length);
            doubles(m.grid);
            out.writeDouble(m.tikfacPair);
            engine(m.pairEngine);
            solution(m.pairSolution);
            for (int o = 0; o < 2; o++) {
                engine(m.rebuild[o]);
                ints(m.rebuildIndex[o]);
            }
            out.writeInt(m.singles.length);
            for (AtocaModel.SingleOrder s : m.singles) {
                out.writeInt(s.order());
                out.writeDouble(s.tikfac());
                text(s.failure());
                solution(s.solution());
                engine(s.rebuild());
            }
            estimate(m.estimate);
        }

        void options(AtocaOptions o) throws IOException {
            out.writeDouble(o.width());
            out.writeBoolean(o.orderThree());
            text(o.badPixels().name());
            out.writeDouble(o.tikfac());
            estimate(o.estimate());
            out.writeDouble(o.threshold());
            out.writeInt(o.oversampling());
            out.writeDouble(o.rtol());
            out.writeInt(o.maxGridSize());
            doubles(o.waveGrid());
            text(o.pixelWeights().name());
        }

        void estimate(SossEstimate e) throws IOException {
            out.writeBoolean(e != null);
            if (e != null) {
                doubles(e.wavelength());
                doubles(e.flux());
            }
        }

        void engine(ExtractionEngine e) throws IOException {
            if (reference(e)) {
                return;
            }
            out.writeInt(e.rows);
            out.writeInt(e.cols);
            doubles(e.grid);
            ints(e.orderNumbers);
            int no = e.orderNumbers.length;
            for (int o = 0; o < no; o++) {
                doubles(e.profiles[o]);
                booleans(e.columnUsable[o]);
                ints(e.bounds[o]);
                sparse(e.response[o]);
                sparse(e.convolution[o]);
            }
            booleans(e.generalMask);
        }

        void solution(NormalEquations.Solution s) throws IOException {
            if (reference(s)) {
                return;
            }
            NormalEquations ne = s.outer();
            engine(ne.engine);
            doubles(ne.sigma);
            ints(ne.local);
            out.writeDouble(s.alpha);
            out.writeBoolean(s.direct);
            text(s.failure);
            ints(s.matrix.perm);
            ints(s.matrix.first);
            doubles(s.matrix.values);
            out.writeBoolean(s.matrix.factored);
        }

        void sparse(SparseRows r) throws IOException {
            out.writeInt(r.rows);
            out.writeInt(r.cols);
            ints(r.rowStart);
            ints(r.colIndex);
            doubles(r.values);
        }

        /** Writes the tag of a possibly null, possibly already written object; true when nothing more follows. */
        private boolean reference(Object o) throws IOException {
            if (o == null) {
                out.writeByte(NULL);
                return true;
            }
            Integer index = seen.get(o);
            if (index != null) {
                out.writeByte(SHARED);
                out.writeInt(index);
                return true;
            }
            seen.put(o, seen.size());
            out.writeByte(NEW);
            return false;
        }

        void text(String s) throws IOException {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }

        void doubles(double[] a) throws IOException {
            if (reference(a)) {
                return;
            }
            out.writeInt(a.length);
            ByteBuffer b = ByteBuffer.wrap(buffer);
            for (int i = 0; i < a.length; ) {
                int n = Math.min(a.length - i, buffer.length / 8);
                b.clear();
                for (int k = 0; k < n; k++) {
                    b.putLong(Double.doubleToRawLongBits(a[i + k]));
                }
                out.write(buffer, 0, n * 8);
                i += n;
            }
        }

        void ints(int[] a) throws IOException {
            if (reference(a)) {
                return;
            }
            out.writeInt(a.length);
            ByteBuffer b = ByteBuffer.wrap(buffer);
            for (int i = 0; i < a.length; ) {
                int n = Math.min(a.length - i, buffer.length / 4);
                b.clear();
                for (int k = 0; k < n; k++) {
                    b.putInt(a[i + k]);
                }
                out.write(buffer, 0, n * 4);
                i += n;
            }
        }

        void booleans(boolean[] a) throws IOException {
            if (reference(a)) {
                return;
            }
            out.writeInt(a.length);
            byte[] packed = new byte[(a.length + 7) / 8];
            for (int i = 0; i < a.length; i++) {
                if (a[i]) {
                    packed[i >>> 3] |= (byte) (1 << (i & 7));
                }
            }
            out.write(packed);
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final List<Object> seen = new ArrayList<>();
        private final byte[] buffer = new byte[1 << 16];

        Reader(DataInputStream in) {
            this.in = in;
        }

        AtocaModel model() throws IOException {
            AtocaOptions options = options();
            int no = in.readInt();
            List<AtocaOrder> orders = new ArrayList<>();
            for (int i = 0; i < no; i++) {
                int order = in.readInt();
                double[] traceY = doubles();
                double[] traceWavelength = doubles();
                double[] columnWavelength = doubles();
                double[] profile = doubles();
                Throughput throughput = new Throughput(doubles(), doubles());
                orders.add(new AtocaOrder(order, traceY, traceWavelength, columnWavelength, profile, throughput));
            }
            int rows = in.readInt();
            int cols = in.readInt();
            TypicalIntegration typical = new TypicalIntegration(rows, cols, doubles(), doubles(), booleans(),
                    booleans());
            double[][] box = new double[in.readInt()][];
            for (int o = 0; o < box.length; o++) {
                box[o] = BoxWeights.of(orders.get(o).traceY(), options.width(), rows, cols);
            }
            double[] grid = doubles();
            double tikfac = in.readDouble();
            ExtractionEngine pair = engine();
            NormalEquations.Solution pairSolution = solution();
            ExtractionEngine[] rebuild = new ExtractionEngine[2];
            int[][] rebuildIndex = new int[2][];
            for (int o = 0; o < 2; o++) {
                rebuild[o] = engine();
                rebuildIndex[o] = ints();
            }
            AtocaModel.SingleOrder[] singles = new AtocaModel.SingleOrder[in.readInt()];
            for (int s = 0; s < singles.length; s++) {
                int order = in.readInt();
                double tik = in.readDouble();
                String failure = text();
                NormalEquations.Solution solution = solution();
                singles[s] = new AtocaModel.SingleOrder(order, tik, solution, engine(), failure);
            }
            SossEstimate estimate = estimate();
            if (in.read() != -1) {
                throw new IOException("bytes after the end of the model");
            }
            return new AtocaModel(orders, options, typical, box, grid, tikfac, pair, pairSolution, rebuild,
                    rebuildIndex, singles, estimate);
        }

        AtocaOptions options() throws IOException {
            double width = in.readDouble();
            boolean orderThree = in.readBoolean();
            AtocaOptions.BadPixelMode bad = AtocaOptions.BadPixelMode.valueOf(text());
            double tikfac = in.readDouble();
            SossEstimate estimate = estimate();
            double threshold = in.readDouble();
            int oversampling = in.readInt();
            double rtol = in.readDouble();
            int maxGrid = in.readInt();
            double[] waveGrid = doubles();
            AtocaOptions.PixelWeights weights = AtocaOptions.PixelWeights.valueOf(text());
            return new AtocaOptions(width, orderThree, bad, tikfac, estimate, threshold, oversampling, rtol, maxGrid,
                    waveGrid, weights);
        }

        SossEstimate estimate() throws IOException {
            return in.readBoolean() ? new SossEstimate(doubles(), doubles()) : null;
        }

        ExtractionEngine engine() throws IOException {
            byte tag = in.readByte();
            if (tag != NEW) {
                return (ExtractionEngine) shared(tag);
            }
            int slot = reserve();
            int rows = in.readInt();
            int cols = in.readInt();
            double[] grid = doubles();
            int[] orderNumbers = ints();
            int no = orderNumbers.length;
            double[][] profiles = new double[no][];
            boolean[][] usable = new boolean[no][];
            int[][] bounds = new int[no][];
            SparseRows[] response = new SparseRows[no];
            SparseRows[] convolution = new SparseRows[no];
            for (int o = 0; o < no; o++) {
                profiles[o] = doubles();
                usable[o] = booleans();
                bounds[o] = ints();
                response[o] = sparse();
                convolution[o] = sparse();
            }
            ExtractionEngine e = new ExtractionEngine(rows, cols, grid, orderNumbers, profiles, booleans(), usable,
                    bounds, response, convolution);
            seen.set(slot, e);
            return e;
        }

        NormalEquations.Solution solution() throws IOException {
            byte tag = in.readByte();
            if (tag != NEW) {
                return (NormalEquations.Solution) shared(tag);
            }
            int slot = reserve();
            ExtractionEngine engine = engine();
            double[] sigma = doubles();
            int[] local = ints();
            NormalEquations ne = new NormalEquations(engine, sigma, local);
            double alpha = in.readDouble();
            boolean direct = in.readBoolean();
            String failure = text();
            EnvelopeMatrix matrix = EnvelopeMatrix.restored(ints(), ints(), doubles(), in.readBoolean());
            NormalEquations.Solution s = ne.new Solution(alpha, matrix, direct, failure);
            seen.set(slot, s);
            return s;
        }

        SparseRows sparse() throws IOException {
            int rows = in.readInt();
            int cols = in.readInt();
            return new SparseRows(rows, cols, ints(), ints(), doubles());
        }

        private int reserve() {
            seen.add(null);
            return seen.size() - 1;
        }

        private Object shared(byte tag) throws IOException {
            if (tag == NULL) {
                return null;
            }
            if (tag != SHARED) {
                throw new IOException("corrupt ATOCA model: tag " + tag);
            }
            int index = in.readInt();
            if (index < 0 || index >= seen.size() || seen.get(index) == null) {
                throw new IOException("corrupt ATOCA model: reference " + index);
            }
            return seen.get(index);
        }

        String text() throws IOException {
            return in.readBoolean() ? in.readUTF() : null;
        }

        double[] doubles() throws IOException {
            byte tag = in.readByte();
            if (tag != NEW) {
                return (double[]) shared(tag);
            }
            int slot = reserve();
            double[] a = new double[length()];
            for (int i = 0; i < a.length; ) {
                int n = Math.min(a.length - i, buffer.length / 8);
                in.readFully(buffer, 0, n * 8);
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n * 8);
                for (int k = 0; k < n; k++) {
                    a[i + k] = Double.longBitsToDouble(b.getLong());
                }
                i += n;
            }
            seen.set(slot, a);
            return a;
        }

        int[] ints() throws IOException {
            byte tag = in.readByte();
            if (tag != NEW) {
                return (int[]) shared(tag);
            }
            int slot = reserve();
            int[] a = new int[length()];
            for (int i = 0; i < a.length; ) {
                int n = Math.min(a.length - i, buffer.length / 4);
                in.readFully(buffer, 0, n * 4);
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n * 4);
                for (int k = 0; k < n; k++) {
                    a[i + k] = b.getInt();
                }
                i += n;
            }
            seen.set(slot, a);
            return a;
        }

        boolean[] booleans() throws IOException {
            byte tag = in.readByte();
            if (tag != NEW) {
                return (boolean[]) shared(tag);
            }
            int slot = reserve();
            boolean[] a = new boolean[length()];
            byte[] packed = new byte[(a.length + 7) / 8];
            in.readFully(packed);
            for (int i = 0; i < a.length; i++) {
                a[i] = (packed[i >>> 3] & (1 << (i & 7))) != 0;
            }
            seen.set(slot, a);
            return a;
        }

        private int length() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > (1 << 28)) {
                throw new IOException("corrupt ATOCA model: array length " + n);
            }
            return n;
        }
    }
}
