package io.sossstream.error;

/**
 * The input itself is wrong (not FITS, truncated, wrong instrument or subarray, missing keyword, NaN frames,
 * segment of another observation, malformed event...). Never retriable. The message always names the
 * offending file (or object key / event) and the problem.
 */
public class BadInputException extends SossException {
    private final String source;
    private final String problem;

    public BadInputException(String source, String problem) {
        this(source, problem, null);
    }

    public BadInputException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file name, object key or event that is wrong. */
    public String source() {
        return source;
    }

    /** What is wrong with it, without the source. */
    public String problem() {
        return problem;
    }

    @Override
    public boolean isRetriable() {
        return false;
    }
}
