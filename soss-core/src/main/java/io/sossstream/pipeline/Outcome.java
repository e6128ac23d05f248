package io.sossstream.pipeline;

import io.sossstream.events.PipelineEvent;

import java.util.List;

/** STUB (pipeline API stubs): replaced by the real pipeline code at merge. */
public record Outcome(List<PipelineEvent> events, String summary) {
    public static Outcome none(String why) {
        throw new UnsupportedOperationException();
    }
}
