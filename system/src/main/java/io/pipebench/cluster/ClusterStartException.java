package io.pipebench.cluster;

/** A cluster could not be started or reached; the message says what to fix. */
public final class ClusterStartException extends RuntimeException {
    public ClusterStartException(String message) {
        super(message);
    }

    public ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
