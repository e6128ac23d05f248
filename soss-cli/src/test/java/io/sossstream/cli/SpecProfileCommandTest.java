package io.sossstream.cli;

import io.sossstream.ProgressListener;
import io.sossstream.segment.Subarray;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.Provenance;
import io.sossstream.specprofile.SpecProfileFits;
import io.sossstream.testdata.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code soss-stream specprofile}: the profile file and its plot from stage-2 segments; bad input → exit code 3. */
class SpecProfileCommandTest {
    static final String APPLESOSS = "applesoss/wasp39_specprofile_SUBSTRIP256_os1_pad20.fits";
    @TempDir
    static Path dir;
    static List<Path> segments;

    @BeforeAll
    static void simulate() {
        segments = Simulator.run(SimulationOptions.defaults().withSegments(2, 4).withSeed(11),
                dir.resolve("segments"), ProgressListener.NONE).stream()
                .filter(p -> p.getFileName().toString().endsWith(".fits")).toList();
    }

    @Test
    void writesTheSpecprofileFileAndItsPlotWithProvenance() {
        Path out = dir.resolve("out");
        RunCommandTest.Run r = RunCommandTest.run("specprofile", "--input", segments.get(0).getParent().toString(),
                "--out", out.toString(), "--profile-from", "all", "--date", "2026-12-01T09:00:00");
        assertEquals(Main.OK, r.code(), r.err());
        Path file = out.resolve("APPLESOSS_ref_2D_profile_SUBSTRIP256_os1_pad20.fits");
        assertTrue(Files.exists(file), r.out());
        assertTrue(Files.exists(out.resolve("APPLESOSS_ref_2D_profile_SUBSTRIP256_os1_pad20.png")), r.out());

        SpecProfile p = SpecProfileFits.read(file, Subarray.SUBSTRIP256);
        assertEquals(296, p.paddedRows());
        assertEquals(2088, p.paddedColumns());
        assertEquals("edgetrigger", p.provenance().centroidSource());
        assertEquals(segments.stream().map(s -> s.getFileName().toString()).sorted().toList(), p.provenance().inputs());
        assertEquals("2026-12-01T09:00:00", p.provenance().date());
        assertTrue(p.provenance().software().startsWith("soss-stream "), p.provenance().software());
        for (int j : new int[] {20, 1020, 2067}) {
            double s = 0;
            for (int k = 0; k < p.paddedRows(); k++) {
                s += p.paddedValue(1, k, j);
            }
            assertEquals(1.0, s, 1e-5, "order-1 column " + j);
        }
        assertTrue(r.out().contains("centroids: edgetrigger"), r.out());
    }

    @Test
    void runTakesTheProfileApplesossWroteAndOurs() {
        String input = segments.get(0).getParent().toString();
        Path ours = dir.resolve("out-for-run");
        assertEquals(Main.OK, RunCommandTest.run("specprofile", "--input", input, "--out", ours.toString()).code());
        for (Path profile : List.of(SharedData.oracle(APPLESOSS),
                ours.resolve("APPLESOSS_ref_2D_profile_SUBSTRIP256_os1_pad20.fits"))) {
            RunCommandTest.Run r = RunCommandTest.run("run", "--input", input, "--out",
                    dir.resolve("run-" + profile.getFileName().hashCode()).toString(), "--specprofile", profile.toString());
            assertEquals(Main.OK, r.code(), r.err());
        }
    }

    @Test
    void runRefusesAProfileOfAnotherSubarrayOrShapeWithExitCode3() throws Exception {
        String input = segments.get(0).getParent().toString();
        float[] flat = new float[136 * 2088];
        java.util.Arrays.fill(flat, 1f / 136);
        SpecProfile sub96 = new SpecProfile(Subarray.SUBSTRIP96, 20, 1, new float[][] {flat, flat, flat},
                new Provenance("soss-stream", null, null, List.of(), null));
        Path wrongSubarray = dir.resolve("sub96_profile.fits");
        SpecProfileFits.write(sub96, wrongSubarray);
        RunCommandTest.Run r = RunCommandTest.run("run", "--input", input, "--out", dir.resolve("run-96").toString(),
                "--specprofile", wrongSubarray.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("sub96_profile.fits: is a SUBSTRIP96 specprofile; the observation is SUBSTRIP256"),
                r.err());

        // the same file claiming SUBSTRIP256: its 136-row images are not a SUBSTRIP256 profile's 296
        byte[] bytes = Files.readAllBytes(wrongSubarray);
        int at = new String(bytes, 0, 2880, StandardCharsets.US_ASCII).indexOf("'SUBSTRIP96' ");
        System.arraycopy("'SUBSTRIP256'".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 13);
        Path wrongShape = dir.resolve("wrong_shape.fits");
        Files.write(wrongShape, bytes);
        r = RunCommandTest.run("run", "--input", input, "--out", dir.resolve("run-shape").toString(),
                "--specprofile", wrongShape.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("wrong_shape.fits: order 1 image is 136 × 2088 (rows × columns); a SUBSTRIP256"
                + " profile with PADDING 20 and OVERSAMP 1 is 296 × 2088"), r.err());
        assertFalse(Files.exists(dir.resolve("run-shape").resolve("WASP-39_box_spectra_fullres.fits")));
    }

    @Test
    void aMalformedCentroidsFileIsBadInput() throws Exception {
        Path csv = dir.resolve("broken_centroids.csv");
        Files.writeString(csv, "xpos,ypos o1,ypos o2,ypos o3\n0,1,2\n");
        Path out = dir.resolve("out-broken");
        RunCommandTest.Run r = RunCommandTest.run("specprofile", "--input", segments.get(0).toString(), "--out",
                out.toString(), "--centroids", csv.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("broken_centroids.csv"), r.err());
        assertFalse(Files.exists(out.resolve("APPLESOSS_ref_2D_profile_SUBSTRIP256_os1_pad20.fits")));
    }

    @Test
    void withoutAnOutputFolderItIsAUsageError() {
        RunCommandTest.Run r = RunCommandTest.run("specprofile", "--input", segments.get(0).toString());
        assertEquals(Main.USAGE, r.code());
    }
}
