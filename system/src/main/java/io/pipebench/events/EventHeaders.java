package io.pipebench.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka headers of an event record, all UTF-8 strings: {@value #EVENT_ID}, {@value #EVENT_TYPE},
 * {@value #SCHEMA_VERSION}, {@value #AGGREGATE_TYPE}, {@value #OCCURRED_ON} (ISO-8601 UTC),
 * {@value #CORRELATION_ID}, {@value #CAUSATION_ID} (absent for the first event of a flow) and
 * {@value #CONTENT_TYPE}. A consumer needs only {@value #EVENT_TYPE} and {@value #SCHEMA_VERSION} to pick a decoder.
 */
public final class EventHeaders {

    public static final String EVENT_ID = "event-id";
    public static final String EVENT_TYPE = "event-type";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String AGGREGATE_TYPE = "aggregate-type";
    public static final String OCCURRED_ON = "occurred-on";
    public static final String CORRELATION_ID = "correlation-id";
    public static final String CAUSATION_ID = "causation-id";
    public static final String CONTENT_TYPE = "content-type";

    private EventHeaders() {
    }

    /** Writes the envelope's headers, replacing any of the same names (a record re-sent keeps one of each). */
    public static void write(EventEnvelope env, String contentType, Headers headers) {
        Require.nonNull(env, "env");
        Require.nonBlank(contentType, "contentType");
        Require.nonNull(headers, "headers");
        put(headers, EVENT_ID, env.eventId().toString());
        put(headers, EVENT_TYPE, env.eventType());
        put(headers, SCHEMA_VERSION, Integer.toString(env.schemaVersion()));
        put(headers, AGGREGATE_TYPE, env.aggregateType());
        put(headers, OCCURRED_ON, env.occurredOn().toString());
        put(headers, CORRELATION_ID, env.correlationId().toString());
        if (env.causationId() != null) {
            put(headers, CAUSATION_ID, env.causationId().toString());
        } else {
            headers.remove(CAUSATION_ID);
        }
        put(headers, CONTENT_TYPE, contentType);
    }

    /**
     * Reads the headers {@link #write} wrote. A name that repeats with the same value is read once; with different
     * values it is refused (which one did the producer mean?), as is a value that is not UTF-8.
     *
     * @throws EventDecodingException {@code MISSING_HEADER} naming the header when {@value #EVENT_TYPE} or
     *                                {@value #SCHEMA_VERSION} is absent, or any header is present but unreadable
     */
    public static EventMetadata read(Headers headers) {
        Require.nonNull(headers, "headers");
        String eventType = string(headers, EVENT_TYPE);
        if (eventType == null || eventType.isBlank()) {
            throw missing(EVENT_TYPE, "is missing; the producer must set it to a registered event type name");
        }
        String version = string(headers, SCHEMA_VERSION);
        if (version == null) {
            throw missing(SCHEMA_VERSION, "is missing; the producer must set it to the event's schema version");
        }
        int schemaVersion;
        try {
            schemaVersion = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            schemaVersion = 0;
        }
        if (schemaVersion <= 0) {
            throw missing(SCHEMA_VERSION, "is " + shown(version) + ", not a positive integer");
        }
        return new EventMetadata(uuid(headers, EVENT_ID), eventType, schemaVersion, string(headers, AGGREGATE_TYPE),
                instant(headers, OCCURRED_ON), uuid(headers, CORRELATION_ID), uuid(headers, CAUSATION_ID),
                string(headers, CONTENT_TYPE));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(Headers headers, String name) {
        Header last = headers.lastHeader(name);
        if (last == null || last.value() == null) {
            return null;
        }
        for (Header header : headers.headers(name)) {
            if (header != last && !Arrays.equals(header.value(), last.value())) {
                throw missing(name, "appears more than once with different values; send it once");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(last.value())).toString();
        } catch (CharacterCodingException e) {
            throw missing(name, "is not UTF-8 (" + last.value().length + " bytes); headers are UTF-8 text");
        }
    }

    /**
     * A header value quoted for an error message, at most 64 characters and with control characters escaped: the
     * message travels into the dead-letter record's reason header and the logs, which a hostile value must not fill.
     */
    static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        out.append('\'');
        return value.codePointCount(0, value.length()) > 64
                ? out + " (cut at 64 of " + value.length() + " characters)" : out.toString();
    }

    private static UUID uuid(Headers headers, String name) {
        String value = string(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw missing(name, "is " + shown(value) + ", not a UUID");
        }
    }

    private static Instant instant(Headers headers, String name) {
        String value = string(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw missing(name, "is " + shown(value) + ", not an ISO-8601 instant such as 2025-01-15T10:30:00Z");
        }
    }

    private static EventDecodingException missing(String header, String problem) {
        return new EventDecodingException(EventDecodingException.Reason.MISSING_HEADER,
                "Kafka header '" + header + "' " + problem);
    }
}
