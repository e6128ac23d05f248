package io.sossstream.pipeline;

import io.sossstream.events.PipelineEvent;

import java.util.List;

/**
 * What a handled message produced: the events to publish (each keyed by its observation id) once the handler has
 * returned, i.e. after every output is durably stored, and a one-line summary for the log.
 *
 * @param events  events to publish, in order (empty when there is nothing to announce yet)
 * @param summary what was done or why nothing was, e.g. {@code "waiting for profile"}
 */
public record Outcome(List<PipelineEvent> events, String summary) {

    public Outcome {
        events = List.copyOf(events);
    }

    /** Nothing to publish; {@code why} says why (ignored event, waiting for an input...). */
    public static Outcome none(String why) {
        return new Outcome(List.of(), why);
    }

    /** One event to publish. */
    public static Outcome of(PipelineEvent event, String summary) {
        return new Outcome(List.of(event), summary);
    }

    /** Whether there is nothing to publish. */
    public boolean isEmpty() {
        return events.isEmpty();
    }
}
