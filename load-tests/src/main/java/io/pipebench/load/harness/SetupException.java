package io.pipebench.load.harness;

/** The run cannot start as configured (missing topics, unreachable database, bad option); the message says what to do. */
public final class SetupException extends RuntimeException {
    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
