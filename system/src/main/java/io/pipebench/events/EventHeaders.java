package io.pipebench.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

    /**
     * Writes the envelope's headers, replacing any of the same names (a record re-sent keeps one of each). The bytes
     * are exactly {@link #writeSimple}'s; only the way there is cheaper, because the load injector writes them for
     * every record it sends (13 % of its sending threads, results/load/README.md): ids written straight to ASCII, the
     * occurred-on text by {@link IsoInstant}, the few distinct type, version and content-type strings encoded once.
     * Values may therefore be shared between records (the correlation id's with the event id's, the constants' with
     * every record's): like Kafka, treat a header's value as read-only.
     */
    public static void write(EventEnvelope env, String contentType, Headers headers) {
        Require.nonNull(env, "env");
        Require.nonBlank(contentType, "contentType");
        Require.nonNull(headers, "headers");
        // A new record has no headers yet: nothing to replace, so no scan of the list per name.
        boolean replace = headers.iterator().hasNext();
        UUID eventId = env.eventId();
        byte[] eventIdText = ascii(eventId);
        put(headers, replace, EVENT_ID, eventIdText);
        put(headers, replace, EVENT_TYPE, CONSTANTS.utf8(env.eventType()));
        put(headers, replace, SCHEMA_VERSION, version(env.schemaVersion()));
        put(headers, replace, AGGREGATE_TYPE, CONSTANTS.utf8(env.aggregateType()));
        put(headers, replace, OCCURRED_ON, IsoInstant.ascii(env.occurredOn()));
        UUID correlationId = env.correlationId();
        // The first event of a flow is correlated with itself (EventEnvelope.of): the same 36 bytes.
        put(headers, replace, CORRELATION_ID, correlationId.equals(eventId) ? eventIdText : ascii(correlationId));
        if (env.causationId() != null) {
            put(headers, replace, CAUSATION_ID, ascii(env.causationId()));
        } else if (replace) {
            headers.remove(CAUSATION_ID);
        }
        put(headers, replace, CONTENT_TYPE, CONSTANTS.utf8(contentType));
    }

    /**
     * What {@link #write} writes, the plain way: every value through its {@code toString} and
     * {@code getBytes(UTF_8)}, each name removed before it is added. Slower; kept as the reference that
     * {@code EventHeadersTest} holds {@code write} to byte for byte and {@code InjectorSendBenchmark} compares it with.
     */
    public static void writeSimple(EventEnvelope env, String contentType, Headers headers) {
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
     * <p>
     * Every consumer group calls this for every record, so it walks the record's headers once, where asking for each
     * of the eight names scans them twice per name ({@code lastHeader}, then {@code headers(name)} for repeats), and
     * it decodes an all-ASCII value (ids, names, numbers, instants) without a new UTF-8 decoder. Reading the headers,
     * UUID and instant parsing included, was 13-16% of a group's thread at 5,000 events/s before this
     * (results/capacity/held/*063415Z/jfr-breakdown.txt); HeadersReadBenchmark measures the saving. The result and
     * every refusal, in the same order, are {@link #readSimple}'s for any headers a Kafka consumer builds
     * ({@code EventHeadersTest} holds the two to it); a hand-made {@code Header} with a null key, which Kafka's
     * {@code RecordHeader} refuses, fails here with a NullPointerException.
     *
     * @throws EventDecodingException {@code MISSING_HEADER} naming the header when {@value #EVENT_TYPE} or
     *                                {@value #SCHEMA_VERSION} is absent, or any header is present but unreadable
     */
    public static EventMetadata read(Headers headers) {
        Require.nonNull(headers, "headers");
        Header[] last = new Header[SLOTS];
        boolean[] differ = new boolean[SLOTS];
        for (Header header : headers) {
            int slot = slot(header.key());
            if (slot < 0) {
                continue;
            }
            Header previous = last[slot];
            // Values equal pairwise in arrival order are all equal to the last one, which is what readSimple checks.
            if (previous != null && !Arrays.equals(previous.value(), header.value())) {
                differ[slot] = true;
            }
            last[slot] = header;
        }
        return metadata(name -> {
            int slot = slot(name);
            return value(name, last[slot], differ[slot]);
        });
    }

    /**
     * What {@link #read} reads, the plain way: each name looked up on its own and decoded with a new UTF-8 decoder.
     * Slower; kept as the reference {@code EventHeadersTest} holds {@code read} to, refusal for refusal.
     */
    public static EventMetadata readSimple(Headers headers) {
        Require.nonNull(headers, "headers");
        return metadata(name -> string(headers, name));
    }

    /** How many names {@link #slot} knows. */
    private static final int SLOTS = 8;

    private static int slot(String name) {
        return switch (name) {
            case EVENT_TYPE -> 0;
            case SCHEMA_VERSION -> 1;
            case EVENT_ID -> 2;
            case AGGREGATE_TYPE -> 3;
            case OCCURRED_ON -> 4;
            case CORRELATION_ID -> 5;
            case CAUSATION_ID -> 6;
            case CONTENT_TYPE -> 7;
            default -> -1;
        };
    }

    /** A header's text as {@link #string} reads it, from the last header of its name and whether any differed. */
    private static String value(String name, Header last, boolean differ) {
        if (last == null || last.value() == null) {
            return null;
        }
        if (differ) {
            throw missing(name, "appears more than once with different values; send it once");
        }
        byte[] bytes = last.value();
        for (byte b : bytes) {
            if (b < 0) {
                return utf8(name, bytes);
            }
        }
        // All ASCII: valid UTF-8 that decodes to the same characters as Latin-1, which String copies as they are.
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static EventMetadata metadata(Function<String, String> header) {
        String eventType = header.apply(EVENT_TYPE);
        if (eventType == null || eventType.isBlank()) {
            throw missing(EVENT_TYPE, "is missing; the producer must set it to a registered event type name");
        }
        String version = header.apply(SCHEMA_VERSION);
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
        UUID eventId = uuid(EVENT_ID, header.apply(EVENT_ID));
        String aggregateType = header.apply(AGGREGATE_TYPE);
        Instant occurredOn = instant(OCCURRED_ON, header.apply(OCCURRED_ON));
        UUID correlationId = uuid(CORRELATION_ID, header.apply(CORRELATION_ID));
        UUID causationId = uuid(CAUSATION_ID, header.apply(CAUSATION_ID));
        return new EventMetadata(eventId, eventType, schemaVersion, aggregateType, occurredOn, correlationId,
                causationId, header.apply(CONTENT_TYPE));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, boolean replace, String name, byte[] value) {
        if (replace) {
            headers.remove(name);
        }
        headers.add(name, value);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /** {@code id.toString().getBytes(UTF_8)} without the string: 36 ASCII bytes, lower-case hex, a new array. */
    static byte[] ascii(UUID id) {
        byte[] out = new byte[36];
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        hex(msb >>> 32, out, 0, 8);
        out[8] = '-';
        hex(msb >>> 16, out, 9, 4);
        out[13] = '-';
        hex(msb, out, 14, 4);
        out[18] = '-';
        hex(lsb >>> 48, out, 19, 4);
        out[23] = '-';
        hex(lsb, out, 24, 12);
        return out;
    }

    /** The low {@code digits} hex digits of {@code bits}, most significant first, at {@code at}. */
    private static void hex(long bits, byte[] out, int at, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = HEX[(int) bits & 0xF];
            bits >>>= 4;
        }
    }

    private static final byte[][] VERSIONS = new byte[16][];

    static {
        for (int v = 0; v < VERSIONS.length; v++) {
            VERSIONS[v] = Integer.toString(v).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] version(int schemaVersion) {
        return schemaVersion >= 0 && schemaVersion < VERSIONS.length ? VERSIONS[schemaVersion]
                : Integer.toString(schemaVersion).getBytes(StandardCharsets.UTF_8);
    }

    /** Event types, aggregate types and content types: a few dozen strings, each encoded once. */
    private static final Utf8Constants CONSTANTS = new Utf8Constants(1_024);

    /**
     * The UTF-8 bytes of strings that repeat, encoded once each. Bounded: past {@code capacity} distinct strings the
     * others are encoded on each call, as before, so a caller with ever-new strings does not grow the map.
     */
    static final class Utf8Constants {

        private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
        private final int capacity;

        Utf8Constants(int capacity) {
            this.capacity = capacity;
        }

        byte[] utf8(String value) {
            byte[] utf8 = bytes.get(value);
            if (utf8 == null) {
                utf8 = value.getBytes(StandardCharsets.UTF_8);
                if (bytes.size() < capacity) {
                    bytes.putIfAbsent(value, utf8);
                }
            }
            return utf8;
        }

        int size() {
            return bytes.size();
        }
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
        return utf8(name, last.value());
    }

    /** Strict UTF-8: a malformed value is refused, never read with replacement characters. */
    private static String utf8(String name, byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw missing(name, "is not UTF-8 (" + value.length + " bytes); headers are UTF-8 text");
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

    private static UUID uuid(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw missing(name, "is " + shown(value) + ", not a UUID");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return IsoInstant.parse(value);
        } catch (DateTimeParseException e) {
            throw missing(name, "is " + shown(value) + ", not an ISO-8601 instant such as 2025-01-15T10:30:00Z");
        }
    }

    private static EventDecodingException missing(String header, String problem) {
        return new EventDecodingException(EventDecodingException.Reason.MISSING_HEADER,
                "Kafka header '" + header + "' " + problem);
    }
}
