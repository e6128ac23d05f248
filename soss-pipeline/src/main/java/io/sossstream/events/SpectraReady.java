package io.sossstream.events;

import java.util.List;

/**
 * An observation's final products are durably stored. Topic {@link Topics#SPECTRA_READY}, key = observation id.
 *
 * @param schemaVersion {@link PipelineEvent#SCHEMA_VERSION}
 * @param observationId observation
 * @param productKey    key of {@code <TARGNAME>_box_spectra_fullres.fits} in the work bucket
 * @param plotKeys      keys of the plots (may be empty)
 * @param targetName    TARGNAME
 * @param integrations  integrations in the product (all segments)
 * @param landedAt      when the first segment of the observation landed, epoch milliseconds; -1 when a segment's
 *                      event had no time (no latency is recorded then)
 * @param completedAt   when the product was stored, epoch milliseconds
 */
public record SpectraReady(
        int schemaVersion,
        String observationId,
        String productKey,
        List<String> plotKeys,
        String targetName,
        int integrations,
        long landedAt,
        long completedAt) implements PipelineEvent {

    public SpectraReady {
        PipelineEvent.checkVersion(schemaVersion);
        PipelineEvent.checkText(observationId, "observationId");
        PipelineEvent.checkText(productKey, "productKey");
        PipelineEvent.check(plotKeys != null && plotKeys.stream().noneMatch(java.util.Objects::isNull), "plotKeys is missing");
        PipelineEvent.check(integrations > 0, "integrations must be positive");
        plotKeys = List.copyOf(plotKeys);
    }

    /** Current schema version. */
    public SpectraReady(String observationId, String productKey, List<String> plotKeys, String targetName,
            int integrations, long landedAt, long completedAt) {
        this(SCHEMA_VERSION, observationId, productKey, plotKeys, targetName, integrations, landedAt, completedAt);
    }
}
