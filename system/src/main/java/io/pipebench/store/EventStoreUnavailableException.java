package io.pipebench.store;

/** The database cannot be reached or logged into; the message names the variable to set. */
public final class EventStoreUnavailableException extends RuntimeException {
    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
