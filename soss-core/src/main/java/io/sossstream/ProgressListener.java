package io.sossstream;

/** Receives progress of long operations: the CLI draws a bar, services log and export metrics. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * @param task  short name of the running task ("deep stack", "extract seg002"...)
     * @param done  units done so far (integrations)
     * @param total total units of the task
     */
    void progress(String task, long done, long total);
}
