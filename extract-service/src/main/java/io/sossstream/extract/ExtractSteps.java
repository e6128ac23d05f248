package io.sossstream.extract;

import io.sossstream.pipeline.ExtractStep;
import io.sossstream.service.PipelineContext;

/** The service's one {@link ExtractStep}, shared by both channels. */
final class ExtractSteps {
    private ExtractSteps() {
    }

    static ExtractStep of(PipelineContext context) {
        return context.step(ExtractStep.class,
                c -> new ExtractStep(c.store(), c.layout(), c.defaults(), c.workDir(), c.progress()));
    }
}
