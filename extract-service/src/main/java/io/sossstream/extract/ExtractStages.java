package io.sossstream.extract;

import io.sossstream.pipeline.ExtractStage;
import io.sossstream.service.PipelineContext;

/** The service's one {@link ExtractStage}, shared by both channels. */
final class ExtractStages {
    private ExtractStages() {
    }

    static ExtractStage of(PipelineContext context) {
        return context.stage(ExtractStage.class,
                c -> new ExtractStage(c.store(), c.layout(), c.defaults(), c.workDir(), c.progress()));
    }
}
