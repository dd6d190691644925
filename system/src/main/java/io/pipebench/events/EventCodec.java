package io.pipebench.events;

/**
 * Turns events into bytes and back. The type name and schema version travel beside the bytes (Kafka headers,
 * event-store columns), so a codec never has to guess a class from the payload.
 */
public interface EventCodec {

    /** Short name, e.g. {@code json}. */
    String name();

    /** MIME type written to the {@code content-type} header. */
    String contentType();

    byte[] encode(DomainEvent event);

    /**
     * Decodes a payload of a registered type.
     *
     * @throws EventDecodingException for a malformed payload, an unknown type or an unsupported schema version
     */
    DomainEvent decode(String eventType, int schemaVersion, byte[] payload);

    /**
     * Decodes a record's payload with the type and version its headers name, and checks that the headers describe
     * this event: an {@value EventHeaders#EVENT_ID} header must carry the payload's event id. A mismatch is a record
     * whose store key (the header) and content (the payload) disagree; storing either would be a guess.
     *
     * @throws EventDecodingException as {@link #decode(String, int, byte[])}, or {@code HEADER_MISMATCH}
     */
    default DomainEvent decode(EventMetadata headers, byte[] payload) {
        DomainEvent event = decode(headers.eventType(), headers.schemaVersion(), payload);
        if (headers.eventId() != null && !headers.eventId().equals(event.eventId())) {
            throw new EventDecodingException(EventDecodingException.Reason.HEADER_MISMATCH, "Kafka header '"
                    + EventHeaders.EVENT_ID + "' is " + headers.eventId() + " but the " + headers.eventType()
                    + " payload's eventId is " + event.eventId() + ": the record contradicts itself");
        }
        return event;
    }
}
