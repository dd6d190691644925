package io.pipebench.workload;

/** A workload file with a bad or missing field; the message names the field and the fix. */
public final class InvalidWorkloadException extends IllegalArgumentException {
    public InvalidWorkloadException(String message) {
        super(message);
    }

    public InvalidWorkloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
