package io.sossstream.calibrate;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Butterworth design and filtfilt against scipy values stored in test resources (see README there). */
class ButterworthTest {

    static List<String[]> csv(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ButterworthTest.class.getResourceAsStream("/io/sossstream/calibrate/" + name), StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(line.split(","));
            }
        }
        return rows;
    }

    @Test
    void coefficientsMatchScipy() throws IOException {
        Map<String, List<Double>> ref = new LinkedHashMap<>();
        for (String[] row : csv("butter_coefficients.csv")) {
            ref.computeIfAbsent(row[0] + "," + row[1] + "," + row[2] + "," + row[3], k -> new ArrayList<>())
                    .add(Double.parseDouble(row[5]));
        }
        assertEquals(10, ref.size());
        for (Map.Entry<String, List<Double>> e : ref.entrySet()) {
            String[] key = e.getKey().split(",");
            Butterworth.Coefficients c = Butterworth.design(Integer.parseInt(key[0]), Double.parseDouble(key[1]),
                    key[2].equals("high") ? Butterworth.Type.HIGH : Butterworth.Type.LOW);
            double[] got = key[3].equals("b") ? c.b() : c.a();
            double[] want = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            assertArrayEquals(want, got, 1e-10, e.getKey());
        }
    }

    @Test
    void filtfiltMatchesScipy() throws IOException {
        List<String[]> rows = csv("filtfilt_reference.csv");
        double[] x = rows.stream().mapToDouble(r -> Double.parseDouble(r[1])).toArray();
        double[] want = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
        Butterworth.Coefficients c = Butterworth.design(3, 0.05, Butterworth.Type.HIGH);
        double[] got = FiltFilt.apply(c.b(), c.a(), x);
        assertEquals(300, got.length);
        assertArrayEquals(want, got, 1e-10);
    }

    @Test
    void filtfiltRejectsSignalShorterThanPadding() {
        Butterworth.Coefficients c = Butterworth.design(3, 0.05, Butterworth.Type.HIGH);
        assertThrows(IllegalArgumentException.class, () -> FiltFilt.apply(c.b(), c.a(), new double[12]));
    }
}
