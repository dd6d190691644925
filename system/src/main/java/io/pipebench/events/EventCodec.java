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
}
