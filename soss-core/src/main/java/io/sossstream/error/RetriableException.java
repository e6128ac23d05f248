package io.sossstream.error;

/** A transient failure (object store or broker unreachable, object not yet visible): try again later. */
public class RetriableException extends SossException {
    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetriableException(String message) {
        super(message, null);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
