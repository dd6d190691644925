package io.pipebench.events;

/** A record that cannot become an event. Never retryable: it goes to the dead-letter topic with its reason. */
public final class EventDecodingException extends RuntimeException {

    public enum Reason {
        /** Not valid for the codec, or a required field is missing or of the wrong type. */
        MALFORMED_PAYLOAD,
        /** The type name is not in the registry. */
        UNKNOWN_TYPE,
        /** The type is known but not at this schema version. */
        UNSUPPORTED_VERSION,
        /** A header the consumer needs (type, version) is absent or unreadable. */
        MISSING_HEADER,
        /** A header contradicts the payload (the event id): which one describes the event cannot be known. */
        HEADER_MISMATCH
    }

    private final Reason reason;

    public EventDecodingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public EventDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
