package io.sossstream.formatter;

import io.sossstream.events.Topics;
import io.sossstream.pipeline.Failure;
import io.sossstream.pipeline.ObservationStatus.ObservationView;
import io.sossstream.pipeline.ObservationStatus.SegmentView;
import io.sossstream.pipeline.WhiteLightSeries;
import io.sossstream.storage.ObjectLayout;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status page's HTML: live white light while in flight, product plots when done, failed with its reasons. */
class StatusPageTest {
    static final ObjectLayout LAYOUT = ObjectLayout.defaults();
    static final Pattern CIRCLE = Pattern.compile("<circle class=\"o(\\d)\" cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"");

    @Test
    void inFlightShowsTheWhiteLightOfTheSegmentsExtractedSoFarWithTheTransitBelowTheBaseline() {
        // order 1: baseline 1000 and one in-transit integration at 990 (1 % deep); order 2 flat at 200
        WhiteLightSeries s1 = new WhiteLightSeries(1, new double[] {60000.00, 60000.01},
                new double[] {1000, 1000}, new double[] {200, 200});
        WhiteLightSeries s2 = new WhiteLightSeries(2, new double[] {60000.02, 60000.03},
                new double[] {990, 1000}, new double[] {200, 200});
        ObservationView v = view("obs1", "extracting", List.of(seg(1, true), seg(2, true), seg(3, false)), null,
                List.of(), List.of());
        String html = StatusPage.html(List.of(v), Map.of("obs1", List.of(s1, s2)), LAYOUT);

        assertTrue(html.contains("<svg class=\"white-light\" data-segments=\"2\""), html);
        assertEquals(2, count(html, "<g class=\"segment\""));
        assertTrue(html.contains("seg003 landed"), html);
        assertTrue(html.contains("seg001 extracted"), html);
        List<double[]> o1 = circles(html, 1);
        assertEquals(4, o1.size());
        assertEquals(4, circles(html, 2).size());
        // SVG y grows downwards: the in-transit point (third) lies below the baseline ones, which share a height
        assertEquals(o1.get(0)[1], o1.get(1)[1]);
        assertEquals(o1.get(0)[1], o1.get(3)[1]);
        assertTrue(o1.get(2)[1] > o1.get(0)[1] + 20, "1 % dip drawn well below the baseline: " + o1.get(2)[1]);
        // time runs left to right, segment 2 after segment 1
        for (int i = 1; i < o1.size(); i++) {
            assertTrue(o1.get(i)[0] > o1.get(i - 1)[0]);
        }
        assertFalse(html.contains("<img"), "no product plots before the product");
    }

    @Test
    void doneShowsTheProductPlotsAndLinks() {
        String prefix = LAYOUT.productsPrefix("obs2");
        ObservationView v = view("obs2", "done", List.of(seg(1, true)), prefix + "WASP-39_box_spectra_fullres.fits",
                List.of(prefix + "plots/deepstack_traces.png", prefix + "plots/white_light_curve.png",
                        prefix + "plots/stellar_spectrum.png"), List.of());
        String html = StatusPage.html(List.of(v), Map.of(), LAYOUT);
        assertTrue(html.contains("<img class=\"plot\" alt=\"" + prefix + "plots/white_light_curve.png\" "
                + "src=\"/products/obs2/plots/white_light_curve.png\">"), html);
        assertTrue(html.contains("src=\"/products/obs2/plots/stellar_spectrum.png\""), html);
        assertFalse(html.contains("src=\"/products/obs2/plots/deepstack_traces.png\""), "profile plot: a link only");
        assertTrue(html.contains("<a href=\"/products/obs2/plots/deepstack_traces.png\">"), html);
        assertTrue(html.contains("<a href=\"/products/obs2/WASP-39_box_spectra_fullres.fits\">"), html);
        assertFalse(html.contains("<svg"), html);
    }

    @Test
    void aFailedObservationShowsFailedWithTheReasonEscaped() {
        Failure f = Failure.of(Topics.SEGMENTS, 0, 7, "raw/bad/jw1-seg001_nis_calints.fits",
                "raw/bad/jw1-seg001_nis_calints.fits: not a FITS file (<SIMPLE> missing)", 0L, null, "profile-service",
                "segment-landed", "raw/bad/jw1-seg001_nis_calints.fits").orElseThrow();
        ObservationView v = view("jw1_nis", "failed", List.of(), null, List.of(), List.of(f));
        String html = StatusPage.html(List.of(v), Map.of("jw1_nis", List.of()), LAYOUT);
        assertTrue(html.contains("<span class=\"state failed\">failed</span>"), html);
        assertTrue(html.contains("not a FITS file (&lt;SIMPLE&gt; missing)"), html);
        assertTrue(html.contains("no segment extracted yet"), html);
    }

    private static ObservationView view(String obs, String state, List<SegmentView> segments, String product,
            List<String> plots, List<Failure> failures) {
        return new ObservationView(obs, "WASP-39", 3, segments, true, product != null, product, plots, failures,
                state);
    }

    private static SegmentView seg(int n, boolean extracted) {
        return new SegmentView(n, "v/seg" + n + ".fits", extracted);
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static List<double[]> circles(String html, int order) {
        Matcher m = CIRCLE.matcher(html);
        List<double[]> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == order) {
                out.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
            }
        }
        return out;
    }
}
