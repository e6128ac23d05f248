package io.sossstream.storage;

import io.sossstream.segment.SegmentValidator;

import java.util.regex.Pattern;

/**
 * The one place that knows bucket names and object keys. Keys are deterministic functions of (observation id,
 * segment number, file name), so every step writes the same keys again on a repeated event: idempotent.
 * <pre>
 * raw/     &lt;folder&gt;/&lt;file&gt;.fits                       raw segments as users upload them (any key)
 *          &lt;folder&gt;/soss-config.json                 optional per-observation config uploaded next to them
 *          &lt;folder&gt;/specprofile.fits                 optional SPECPROFILE for ATOCA uploaded next to them
 * soss/    observations/&lt;obsId&gt;/config.json             per-observation config (over service-wide defaults)
 *          observations/&lt;obsId&gt;/segments/seg001.json    registry of landed segments
 *          observations/&lt;obsId&gt;/profile/deepstack.fits
 *          observations/&lt;obsId&gt;/profile/centroids.csv
 *          observations/&lt;obsId&gt;/profile/specprofile.fits     extractMethod atoca: the spatial profile used,
 *          observations/&lt;obsId&gt;/profile/atoca-model.bin      the ATOCA model (AtocaModelFile),
 *          observations/&lt;obsId&gt;/profile/atoca.json          what the product records of it,
 *          observations/&lt;obsId&gt;/profile/soss_estimate.fits   and its order-1 spectrum
 *          observations/&lt;obsId&gt;/profile/profile.json
 *          observations/&lt;obsId&gt;/spectra/seg001.fits      per-segment extracted spectra
 *          observations/&lt;obsId&gt;/spectra/seg001-whitelight.json   its white-light flux (status page)
 *          observations/&lt;obsId&gt;/spectra/seg001-decontamination.json   atoca: the other orders' share removed
 *          observations/&lt;obsId&gt;/calibration/calibration.json
 *          observations/&lt;obsId&gt;/products/&lt;file&gt;          final products
 *          observations/&lt;obsId&gt;/products/plots/&lt;name&gt;.png
 *          observations/&lt;obsId&gt;/failures/&lt;topic&gt;-&lt;partition&gt;-&lt;offset&gt;.json   dead-lettered records
 *          observations/&lt;obsId&gt;/announced/&lt;topic&gt;[-segNNN].json   events published once (idempotence markers)
 * models/  stellar models
 * </pre>
 *
 * @param rawBucket    bucket users upload raw segments to
 * @param workBucket   bucket of everything the pipeline writes
 * @param modelsBucket bucket of stellar models
 */
public record ObjectLayout(String rawBucket, String workBucket, String modelsBucket) {
    public static final String RAW_BUCKET = "raw";
    public static final String WORK_BUCKET = "soss";
    public static final String MODELS_BUCKET = "models";
    /** Name of the optional per-observation config uploaded next to the raw segments ({@code <folder>/<name>}). */
    public static final String INGEST_CONFIG_NAME = "soss-config.json";
    /** Name of the optional SPECPROFILE uploaded next to the raw segments: ATOCA uses it instead of building one. */
    public static final String SPEC_PROFILE_NAME = "specprofile.fits";
    /** Highest segment number the three-digit keys can hold (a segment beyond it is refused on landing). */
    public static final int MAX_SEGMENT = SegmentValidator.MAX_SEGMENTS;

    private static final Pattern OBS_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    /** The default buckets {@code raw}, {@code soss}, {@code models}. */
    public static ObjectLayout defaults() {
        return new ObjectLayout(RAW_BUCKET, WORK_BUCKET, MODELS_BUCKET);
    }

    /** The three buckets, for creating them. */
    public java.util.List<String> buckets() {
        return java.util.List.of(rawBucket, workBucket, modelsBucket);
    }

    /** {@code observations/<obsId>/}: prefix of everything the pipeline stores for one observation. */
    public String observationPrefix(String obsId) {
        if (obsId == null || !OBS_ID.matcher(obsId).matches()) {
            throw new IllegalArgumentException("invalid observation id '" + obsId + "'");
        }
        return "observations/" + obsId + "/";
    }

    /** Optional per-observation config ({@code config.json}). */
    public String config(String obsId) {
        return observationPrefix(obsId) + "config.json";
    }

    /** Raw-bucket key of the config uploaded next to raw segments in {@code folder}. */
    public String ingestConfig(String folder) {
        return rawKey(folder, INGEST_CONFIG_NAME);
    }

    /** Raw-bucket key of a file uploaded into {@code folder} ({@code <folder>/<fileName>}). */
    public String rawKey(String folder, String fileName) {
        return checkFolder(folder) + "/" + checkFileName(fileName);
    }

    /** Raw-bucket key of the SPECPROFILE uploaded next to raw segments in {@code folder}. */
    public String uploadedSpecProfile(String folder) {
        return rawKey(folder, SPEC_PROFILE_NAME);
    }

    /** Whether a raw-bucket key names a segment the pipeline should process (a FITS file, not the specprofile). */
    public static boolean isSegmentKey(String rawKey) {
        return rawKey.endsWith(".fits") && !rawKey.endsWith("/")
                && !(rawKey.equals(SPEC_PROFILE_NAME) || rawKey.endsWith("/" + SPEC_PROFILE_NAME));
    }

    /** Prefix of the registry of landed segments. */
    public String segmentsPrefix(String obsId) {
        return observationPrefix(obsId) + "segments/";
    }

    /** Registry entry of one landed segment ({@code segments/seg%03d.json}). */
    public String segmentRecord(String obsId, int segment) {
        return segmentsPrefix(obsId) + seg(segment) + ".json";
    }

    /** Prefix of the profile objects. */
    public String profilePrefix(String obsId) {
        return observationPrefix(obsId) + "profile/";
    }

    public String deepStack(String obsId) {
        return profilePrefix(obsId) + "deepstack.fits";
    }

    public String centroids(String obsId) {
        return profilePrefix(obsId) + "centroids.csv";
    }

    /** The SPECPROFILE extractMethod atoca used (uploaded or built from the deep stack). */
    public String specProfile(String obsId) {
        return profilePrefix(obsId) + "specprofile.fits";
    }

    /** The observation's ATOCA model, computed once, loaded by every extract replica. */
    public String atocaModel(String obsId) {
        return profilePrefix(obsId) + "atoca-model.bin";
    }

    /** What the product records of the ATOCA model ({@code AtocaSummary}). */
    public String atocaSummary(String obsId) {
        return profilePrefix(obsId) + "atoca.json";
    }

    /** The ATOCA model's order-1 spectrum as a soss_estimate file. */
    public String sossEstimate(String obsId) {
        return profilePrefix(obsId) + "soss_estimate.fits";
    }

    /** The profile descriptor; written last, so its existence means the profile is complete. */
    public String profile(String obsId) {
        return profilePrefix(obsId) + "profile.json";
    }

    /** Prefix of the per-segment spectra. */
    public String spectraPrefix(String obsId) {
        return observationPrefix(obsId) + "spectra/";
    }

    /** Per-segment extracted spectra ({@code spectra/seg%03d.fits}). */
    public String spectra(String obsId, int segment) {
        return spectraPrefix(obsId) + seg(segment) + ".fits";
    }

    /** White-light flux of one segment's spectra ({@code spectra/seg%03d-whitelight.json}). */
    public String whiteLight(String obsId, int segment) {
        return spectraPrefix(obsId) + seg(segment) + "-whitelight.json";
    }

    /** What ATOCA's decontamination removed from one segment ({@code spectra/seg%03d-decontamination.json}). */
    public String decontamination(String obsId, int segment) {
        return spectraPrefix(obsId) + seg(segment) + "-decontamination.json";
    }

    /** Prefix of the records of the observation's dead letters. */
    public String failuresPrefix(String obsId) {
        return observationPrefix(obsId) + "failures/";
    }

    /** The record of one dead letter, named after the failed record's coordinates (a redelivery rewrites it). */
    public String failure(String obsId, String topic, int partition, long offset) {
        return failuresPrefix(obsId) + checkFileName(topic + "-" + partition + "-" + offset + ".json");
    }

    /**
     * The marker of an event published and acknowledged by the broker: {@code announced/<topic>.json}, or
     * {@code announced/<topic>-segNNN.json} for a per-segment event ({@code segment} > 0).
     */
    public String announced(String obsId, String topic, int segment) {
        return observationPrefix(obsId) + "announced/" + checkFileName(topic + (segment > 0 ? "-" + seg(segment) : "")
                + ".json");
    }

    public String calibration(String obsId) {
        return observationPrefix(obsId) + "calibration/calibration.json";
    }

    /** Prefix of the final products (plots included). */
    public String productsPrefix(String obsId) {
        return observationPrefix(obsId) + "products/";
    }

    /** A final product, e.g. {@code <TARGNAME>_box_spectra_fullres.fits}. */
    public String product(String obsId, String fileName) {
        return productsPrefix(obsId) + checkFileName(fileName);
    }

    /** Prefix of the plots (inside the products' prefix). */
    public String plotsPrefix(String obsId) {
        return productsPrefix(obsId) + "plots/";
    }

    /** A plot; {@code .png} is appended when {@code name} has no extension. */
    public String plot(String obsId, String name) {
        String file = name.endsWith(".png") ? name : name + ".png";
        return plotsPrefix(obsId) + checkFileName(file);
    }

    private static String seg(int segment) {
        if (segment < 1 || segment > MAX_SEGMENT) {
            throw new IllegalArgumentException("segment number " + segment + " outside 1.." + MAX_SEGMENT);
        }
        return String.format("seg%03d", segment);
    }

    private static String checkFileName(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid file name '" + name + "'");
        }
        return name;
    }

    private static String checkFolder(String folder) {
        if (folder == null || folder.isEmpty() || folder.startsWith("/") || folder.endsWith("/")
                || folder.contains("//") || folder.contains("..")) {
            throw new IllegalArgumentException("invalid folder '" + folder + "'");
        }
        return folder;
    }
}
