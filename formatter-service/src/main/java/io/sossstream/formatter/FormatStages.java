package io.sossstream.formatter;

import io.sossstream.pipeline.FormatStage;
import io.sossstream.service.PipelineContext;

import java.time.Clock;

/** The service's one {@link FormatStage}, shared by both channels. */
final class FormatStages {
    private FormatStages() {
    }

    static FormatStage of(PipelineContext context) {
        return context.stage(FormatStage.class, c -> new FormatStage(c.store(), c.layout(), c.defaults(),
                c.workDir(), c.progress(), Clock.systemUTC()));
    }
}
