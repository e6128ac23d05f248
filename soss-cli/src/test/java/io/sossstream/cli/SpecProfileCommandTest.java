package io.sossstream.cli;

import io.sossstream.ProgressListener;
import io.sossstream.segment.Subarray;
import io.sossstream.simulate.SimulationOptions;
import io.sossstream.simulate.Simulator;
import io.sossstream.specprofile.SpecProfile;
import io.sossstream.specprofile.SpecProfileFits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code soss-stream specprofile}: the profile file and its plot from stage-2 segments; bad input → exit code 3. */
class SpecProfileCommandTest {
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
