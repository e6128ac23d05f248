package io.sossstream.pipeline;

/**
 * What every stream step (profile, extract, calibration, format) works through, built once from its
 * {@link StepContext}: the segment registry, the observations' stored documents, the observation's frozen
 * parameters and the ATOCA objects.
 */
abstract class Step {
    protected final StepContext context;
    protected final SegmentRegistry registry;
    protected final ObservationStore observations;
    protected final ObservationConfig config;
    protected final AtocaObjects atoca;

    Step(StepContext context) {
        this.context = context;
        this.registry = new SegmentRegistry(context.store(), context.layout());
        this.observations = new ObservationStore(context.store(), context.layout());
        this.config = new ObservationConfig(context);
        this.atoca = new AtocaObjects(context);
    }
}
