package io.pipebench.topics;

/** The topic catalog has a bad value; the message names the topic and the field. */
public final class InvalidCatalogException extends RuntimeException {
    public InvalidCatalogException(String message) {
        super(message);
    }

    public InvalidCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
