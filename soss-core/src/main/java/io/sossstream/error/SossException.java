package io.sossstream.error;

/**
 * Root of soss-stream's errors. The two subtypes tell a caller what to do with a failure, as in Rubin's
 * prompt processing: {@link BadInputException} will fail again on every retry (send it to a dead-letter
 * topic, exit code 3), {@link RetriableException} may succeed later (retry with backoff).
 */
public abstract class SossException extends RuntimeException {
    protected SossException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying again later can succeed. */
    public abstract boolean isRetriable();
}
