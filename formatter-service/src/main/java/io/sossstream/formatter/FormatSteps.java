package io.sossstream.formatter;

import io.sossstream.pipeline.FormatStep;
import io.sossstream.service.PipelineContext;

import java.time.Clock;

/** The service's one {@link FormatStep}, shared by both channels. */
final class FormatSteps {
    private FormatSteps() {
    }

    static FormatStep of(PipelineContext context) {
        return context.step(FormatStep.class, c -> new FormatStep(c.store(), c.layout(), c.defaults(),
                c.workDir(), c.progress(), Clock.systemUTC()));
    }
}
