package io.sossstream.stage3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Every user-facing parameter of Stage 3, in one documented block (the jwst step "spec" idea). The batch CLI
 * builds it from its flags; the services read it from the per-observation {@code config.json} over their
 * service-wide defaults. The same options give the same output bytes in both.
 *
 * @param widthOrder1     order-1 box width in pixels, or {@code optimize} (10…60 px on white-light scatter).
 *                        exoTEDRF's {@code extract_width}; default 30 as in its run_DMS.yaml.
 * @param widthOrder2     order-2 width; {@code null} = the (resolved) order-1 width, as exoTEDRF.
 * @param profileFrom     which segments build the profile (deep stack, centroids, width optimisation) and the
 *                        stellar spectrum for wavelength refinement: {@code REFERENCE} = segment 1 only, so the
 *                        result never depends on arrival order (default); {@code ALL} = every segment
 *                        (exoTEDRF's behaviour; the stream then waits for all segments before extracting).
 * @param centroidsFile   exoTEDRF-format centroids CSV to use instead of edge-trigger centroiding (CLI only).
 * @param teff            stellar effective temperature (K) for the PHOENIX model; with logg and feh enables
 *                        wavelength refinement.
 * @param logg            stellar surface gravity (log10 cgs).
 * @param feh             stellar metallicity [Fe/H].
 * @param stellarModels   folder (CLI) or models-bucket prefix (services) holding PHOENIX HiRes files.
 * @param stellarTemplate two-column text spectrum (µm, flux) used instead of PHOENIX.
 * @param fluxCalibrate   add flux-calibrated (Jy) extensions using the PHOTOM reference file.
 * @param clipThreshold   sigma_clip_lightcurves threshold (exoTEDRF 10).
 * @param clipWindow      sigma_clip_lightcurves window in integrations / channels (exoTEDRF 10).
 * @param outputTag       appended to the product name: {@code <TARGNAME>_box_spectra_fullres_<tag>.fits}.
 * @param planetLetter    planet letter recorded in the header (exoTEDRF's {@code planet_letter}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder(alphabetic = true)
public record Stage3Options(
        ApertureWidth widthOrder1,
        ApertureWidth widthOrder2,
        ProfileSegments profileFrom,
        String centroidsFile,
        Double teff,
        Double logg,
        Double feh,
        String stellarModels,
        String stellarTemplate,
        Boolean fluxCalibrate,
        Double clipThreshold,
        Integer clipWindow,
        String outputTag,
        String planetLetter) {

    /** Which segments the observation's profile is built from. */
    public enum ProfileSegments { REFERENCE, ALL }

    /** exoTEDRF-like defaults. */
    public static Stage3Options defaults() {
        return new Stage3Options(ApertureWidth.fixed(30), null, ProfileSegments.REFERENCE, null, null, null, null,
                null, null, false, 10.0, 10, null, "b");
    }

    /** This block with every non-null field of {@code over} replacing ours (service defaults ← observation config). */
    public Stage3Options overriddenBy(Stage3Options over) {
        if (over == null) {
            return this;
        }
        return new Stage3Options(
                pick(over.widthOrder1, widthOrder1), pick(over.widthOrder2, widthOrder2),
                pick(over.profileFrom, profileFrom), pick(over.centroidsFile, centroidsFile),
                pick(over.teff, teff), pick(over.logg, logg), pick(over.feh, feh),
                pick(over.stellarModels, stellarModels), pick(over.stellarTemplate, stellarTemplate),
                pick(over.fluxCalibrate, fluxCalibrate), pick(over.clipThreshold, clipThreshold),
                pick(over.clipWindow, clipWindow), pick(over.outputTag, outputTag), pick(over.planetLetter, planetLetter));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Whether a stellar model (PHOENIX parameters or a template) is configured for wavelength refinement. */
    public boolean hasStellarModel() {
        return stellarTemplate != null || (teff != null && logg != null && feh != null);
    }

    /** Product file name {@code <TARGNAME>_box_spectra_fullres[_tag].fits}. */
    public String productName(String targetName) {
        String target = targetName == null || targetName.isBlank() ? "target" : targetName.trim().replaceAll("[^A-Za-z0-9._+-]", "_");
        String tag = outputTag == null || outputTag.isBlank() ? "" : "_" + outputTag.trim();
        return target + "_box_spectra_fullres" + tag + ".fits";
    }

    /** A copy that refines wavelengths against a two-column template spectrum. */
    public Stage3Options withTemplate(String template) {
        return new Stage3Options(widthOrder1, widthOrder2, profileFrom, centroidsFile, null, null, null, null, template,
                fluxCalibrate, clipThreshold, clipWindow, outputTag, planetLetter);
    }

    public Stage3Options withWidths(ApertureWidth o1, ApertureWidth o2) {
        return new Stage3Options(o1, o2, profileFrom, centroidsFile, teff, logg, feh, stellarModels, stellarTemplate,
                fluxCalibrate, clipThreshold, clipWindow, outputTag, planetLetter);
    }
}
