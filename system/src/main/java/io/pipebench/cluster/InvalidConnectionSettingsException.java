package io.pipebench.cluster;

/** The external cluster's settings are missing or wrong; the message names the variable or key to fix. */
public final class InvalidConnectionSettingsException extends RuntimeException {
    public InvalidConnectionSettingsException(String message) {
        super(message);
    }
}
