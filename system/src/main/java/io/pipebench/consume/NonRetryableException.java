package io.pipebench.consume;

/** A handler failure that no retry can fix (bad data, a broken invariant): dead-lettered at once. */
public class NonRetryableException extends RuntimeException {
    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
