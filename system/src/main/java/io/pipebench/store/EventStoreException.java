package io.pipebench.store;

/** The event store refused or failed an operation; the message says which and why. */
public class EventStoreException extends RuntimeException {
    public EventStoreException(String message) {
        super(message);
    }

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
