package io.sossstream.stage3;

import io.sossstream.calibrate.PhoenixGrid;
import io.sossstream.extract.WidthOptimizer;
import io.sossstream.stage3.Stage3Options.ProfileSegments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every user-facing parameter of Stage 3, declared once (the idea of jwst's {@code Extract1dStep.spec}): name,
 * allowed values, default and one sentence of doc. Everything else is derived from this block: the
 * {@code bin/soss-stream run} flags ({@code --width-order1}), the keys of the per-observation
 * {@code soss-config.json} ({@code widthOrder1}), the service defaults (property {@code soss.width-order1},
 * environment {@code SOSS_WIDTH_ORDER1}), the product's header cards and the configuration table of
 * {@code docs/configuration.md}. {@code Stage3ParametersTest} walks the block through all of them.
 *
 * <h2>Adding a parameter</h2>
 * Declare it here with {@link #declare} (one statement; order = order of the docs table), e.g.
 * <pre>{@code
 * public static final Parameter<Boolean> USE_PASTASOSS = declare(Parameter.flag("usePastasoss", false,
 *         "Trace positions from the PASTASOSS model at the segment's PWCPOS instead of edge-trigger centroids.")
 *         .recordedAs("USEPASTA", "PASTASOSS wavelengths", null));
 * }</pre>
 * read it where the science needs it with {@code options.get(Stage3Parameters.USE_PASTASOSS)}, and run
 * {@code Stage3ParametersTest}: it regenerates nothing, it tells you to paste the new row it prints into
 * {@code docs/configuration.md}. Factories: {@link Parameter#flag}, {@link Parameter#choice} (an enum),
 * {@link Parameter#number}, {@link Parameter#integer}, {@link Parameter#text}, {@link Parameter#matching} (a
 * regular expression), {@link Parameter#file} (a path for {@code run}, a models-bucket key for the services: the batch
 * run maps one onto the other), {@link Parameter#of} (own parser). The steps read an observation's frozen values
 * ({@code config.json}), so a new parameter reaches the batch run and the stream alike.
 * Each has a header card in the product, {@code .recordedAs(KEYWORD, comment, whenUnset)} (a short keyword, as
 * exoTEDRF's; {@link ParameterCards}), so that a product records the parameters it was made with.
 */
public final class Stage3Parameters {
    private static final List<Parameter<?>> DECLARED = new ArrayList<>();

    public static final Parameter<ApertureWidth> WIDTH_ORDER1 = declare(Parameter.of("widthOrder1",
            ApertureWidth.class, ApertureWidth.ALLOWED, ApertureWidth::of, ApertureWidth.fixed(30), "optimize",
            "Order-1 box width in pixels, or optimize (the width 10…60 px with the least white-light scatter); "
                    + "exoTEDRF's extract_width.")
            .recordedAs("WIDTHOPT", "order-1 box width", null).alsoFlag("width"));

    public static final Parameter<ApertureWidth> WIDTH_ORDER2 = declare(Parameter.of("widthOrder2",
            ApertureWidth.class, ApertureWidth.ALLOWED, ApertureWidth::of, null, "20",
            "Order-2 box width in pixels, or optimize; unset = the resolved order-1 width, as exoTEDRF.")
            .recordedAs("WIDTH2OP", "order-2 box width", "order1").alsoFlag("width-o2"));

    public static final Parameter<WidthOptimizer.Metric> WIDTH_METRIC = declare(Parameter.choice("widthMetric",
            WidthOptimizer.Metric.class, WidthOptimizer.Metric.RELATIVE,
            "Score of an optimized width: relative = white-light point-to-point scatter over the median white-light "
                    + "flux (ppm); exotedrf = the absolute scatter (DN/s), which under photon noise picks the narrowest.")
            .recordedAs("WIDTHMET", "score of an optimized width", null));

    public static final Parameter<ProfileSegments> PROFILE_FROM = declare(Parameter.choice("profileFrom",
            ProfileSegments.class, ProfileSegments.REFERENCE,
            "Segments that build the profile and the wavelength-refinement spectrum: reference = segment 1, so "
                    + "results never depend on arrival order; all = every segment, as exoTEDRF.")
            .recordedAs("PROFFROM", "segments of the profile", null));

    public static final Parameter<String> CENTROIDS_FILE = declare(Parameter.file("centroidsFile",
            "an exoTEDRF centroids CSV", "centroids.csv",
            "Trace centroids to use instead of edge-trigger centroiding on the deep stack.")
            .alsoFlag("centroids").recordedAs("CENTFILE", "trace centroids file", null));

    public static final Parameter<String> SPEC_PROFILE = declare(Parameter.file("specProfile",
            "a SPECPROFILE reference file, APPLESOSS's or bin/soss-stream specprofile's",
            "APPLESOSS_ref_2D_profile_SUBSTRIP256_os1_pad20.fits",
            "Spatial profile of orders 1–3 for decontaminating extraction instead of the one built from the data "
                    + "(or a specprofile.fits uploaded next to the segments); one of another subarray or shape is "
                    + "refused.")
            .alsoFlag("specprofile").recordedAs("PROFFILE", "SPECPROFILE reference file", null));

    public static final Parameter<Double> TEFF = declare(Parameter.number("teff", PhoenixGrid.TEFF_MIN,
            PhoenixGrid.TEFF_MAX, null, "5400",
            "Stellar effective temperature (K) of the PHOENIX model; with logg and feh enables wavelength refinement.")
            .recordedAs("TEFF", "PHOENIX Teff (K)", null));

    public static final Parameter<Double> LOGG = declare(Parameter.number("logg", PhoenixGrid.LOGG_MIN,
            PhoenixGrid.LOGG_MAX, null, "4.5", "Stellar surface gravity log10(g / cm s^-2) of the PHOENIX model.")
            .recordedAs("LOGG", "PHOENIX log g (cgs)", null));

    public static final Parameter<Double> FEH = declare(Parameter.number("feh", PhoenixGrid.FEH_MIN,
            PhoenixGrid.FEH_MAX, null, "-0.5", "Stellar metallicity [Fe/H] of the PHOENIX model.").alsoFlag("met")
            .recordedAs("FEH", "PHOENIX [Fe/H]", null));

    public static final Parameter<String> STELLAR_MODELS = declare(Parameter.file("stellarModels",
            "a folder of PHOENIX HiRes files", "phoenix",
            "Where the PHOENIX HiRes files are (unset in the services = the models bucket's root).")
            .recordedAs("MODELDIR", "PHOENIX HiRes files", null));

    public static final Parameter<String> STELLAR_TEMPLATE = declare(Parameter.file("stellarTemplate",
            "a two-column text file (µm, flux)", "wasp39_model.txt",
            "Stellar spectrum for wavelength refinement instead of a PHOENIX model.")
            .recordedAs("STARTMPL", "stellar template spectrum", null));

    public static final Parameter<ExtractMethod> EXTRACT_METHOD = declare(Parameter.choice("extractMethod",
            ExtractMethod.class, ExtractMethod.BOX,
            "box = exoTEDRF's box extraction; atoca = jwst's decontaminating ATOCA (orders modelled with the spatial "
                    + "profile, each order box-extracted after subtracting the others' models).")
            .recordedAs("EXTRMETH", "extraction method", null));

    public static final Parameter<String> SOSS_ESTIMATE = declare(Parameter.file("sossEstimate",
            "a FITS table with WAVELENGTH and FLUX columns (e.g. the soss_estimate an earlier ATOCA run wrote)",
            "soss_estimate.fits", "ATOCA: order-1 spectrum that sets the wavelength grid and the first Tikhonov guess "
                    + "instead of the order-1-only fit; jwst's soss_estimate.")
            .recordedAs("SOSSEST", "ATOCA order-1 estimate", null));

    public static final Parameter<Double> SOSS_TIKFAC = declare(Parameter.number("sossTikfac", 1e-30, 1e10, null,
            "1e-16", "ATOCA: Tikhonov factor of the orders 1+2 fit; unset = searched, as jwst's soss_tikfac.")
            .recordedAs("SOSSTIKF", "ATOCA Tikhonov factor", null));

    public static final Parameter<Switch> SOSS_ORDER3 = declare(Parameter.choice("sossOrder3", Switch.class, Switch.ON,
            "ATOCA: model and subtract order 3 (jwst soss_order_3).")
            .recordedAs("SOSSORD3", "ATOCA order 3", null));

    public static final Parameter<io.sossstream.atoca.AtocaOptions.BadPixelMode> SOSS_BAD_PIX = declare(
            Parameter.choice("sossBadPix", io.sossstream.atoca.AtocaOptions.BadPixelMode.class,
                    io.sossstream.atoca.AtocaOptions.BadPixelMode.MODEL,
                    "ATOCA: bad pixels in the box replaced by the order's model, or masked (jwst soss_bad_pix).")
                    .recordedAs("SOSSBPIX", "ATOCA bad pixels", null));

    public static final Parameter<Boolean> USE_PASTASOSS = declare(Parameter.flag("usePastasoss", false,
            "Wavelengths of orders 1 and 2 from the PASTASOSS models at the segment's PWCPOS (valid 245.656-245.923 deg) "
                    + "instead of SPECTRACE; refinement starts from them. exoTEDRF's use_pastasoss.")
            .recordedAs("USEPASTA", "PASTASOSS wavelengths", null));

    public static final Parameter<Boolean> FLUX_CALIBRATE = declare(Parameter.flag("fluxCalibrate", false,
            "Add flux-calibrated (Jy) extensions using the PHOTOM reference file.")
            .recordedAs("FLUXREQ", "Jy extensions", null));

    public static final Parameter<Double> CLIP_THRESHOLD = declare(Parameter.number("clipThreshold", 0.1, 1000.0,
            10.0, "5.0", "Outlier threshold (sigma) of the clipping along time, exoTEDRF's sigma_clip_lightcurves thresh.")
            .recordedAs("CLIPTHR", "clipping threshold (sigma)", null));

    public static final Parameter<Integer> CLIP_WINDOW = declare(Parameter.integer("clipWindow", 1, 10000, 10, "20",
            "Median-filter window (integrations and channels) of the clipping along time, exoTEDRF's window.")
            .recordedAs("CLIPWIN", "clipping window", null));

    public static final Parameter<String> OUTPUT_TAG = declare(Parameter.matching("outputTag", "[A-Za-z0-9._+-]{1,32}",
            "1 to 32 letters, digits, '.', '_', '+' or '-'", null, "v2",
            "Appended to the product name: <TARGNAME>_<method>_spectra_fullres_<tag>.fits.")
            .recordedAs("OUTTAG", "product name tag", null));

    public static final Parameter<String> PLANET_LETTER = declare(Parameter.matching("planetLetter", "[a-z]",
            "one lower-case letter", "b", "c", "Planet letter recorded in the product header, exoTEDRF's planet_letter.")
            .recordedAs("PLANET", "planet letter", null));

    /** The block, in declaration order. */
    public static final List<Parameter<?>> ALL = List.copyOf(DECLARED);

    private Stage3Parameters() {
    }

    private static <T> Parameter<T> declare(Parameter<T> p) {
        if (p.card() == null) {
            throw new IllegalStateException("parameter " + p.name() + " has no header card: add .recordedAs(...)");
        }
        for (Parameter<?> q : DECLARED) {
            if (q.card().keyword().equals(p.card().keyword())) {
                throw new IllegalStateException("header card " + p.card().keyword() + " of " + p.name()
                        + " already records " + q.name());
            }
            if (q.name().equals(p.name()) || (p.legacyFlag() != null && p.legacyFlag().equals(q.legacyFlag()))) {
                throw new IllegalStateException("parameter " + p.name() + " declared twice");
            }
        }
        DECLARED.add(p);
        return p;
    }

    /** The parameter spelt {@code spelling} in {@code place} (the CLI also knows the legacy flags). */
    public static Optional<Parameter<?>> find(Parameter.Place place, String spelling) {
        for (Parameter<?> p : ALL) {
            if (place.spell(p).equals(spelling)
                    || (place == Parameter.Place.CLI && p.legacyFlag() != null && spelling.equals("--" + p.legacyFlag()))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
