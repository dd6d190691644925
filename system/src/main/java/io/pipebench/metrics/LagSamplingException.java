package io.pipebench.metrics;

/** A lag sample could not be taken: the cluster did not answer, or refused a request. */
public final class LagSamplingException extends RuntimeException {
    public LagSamplingException(String message, Throwable cause) {
        super(message, cause);
    }
}
