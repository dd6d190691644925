package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as JSON (Jackson). One JSON object per event, its fields the record's components; instants as ISO-8601
 * strings, ids as plain strings, amounts as numbers that keep their scale. Unknown fields are ignored so an older
 * reader accepts a newer writer's additions; every declared field must be present (a nullable one as {@code null}).
 * Readers and writers are built once per type: the codec is immutable and thread-safe.
 *
 * <p>Why JSON is the reference system's default, measured in {@code benchmarks/} (results/jmh/README.md): its ~3 µs
 * round trip per event is noise beside ~80 µs of event-store write and milliseconds of broker acknowledgement; after
 * the producer's compression its records are no bigger than Kryo's or Fory's; the event store keeps JSONB, so the
 * audit consumer stores what arrives without a second format; and it evolves without a schema toolchain. If decode
 * CPU ever dominates, Protobuf (4x faster, 2.2x smaller here, cross-language evolution rules) is the next step.
 */
public final class JsonEventCodec implements EventCodec {

    /** MIME type of this codec. */
    public static final String CONTENT_TYPE = "application/json";

    private final EventTypeRegistry registry;
    private final String name;
    private final String contentType;
    private final Map<String, ObjectReader> readers;
    private final Map<Class<?>, ObjectWriter> writers;

    public JsonEventCodec(EventTypeRegistry registry) {
        this(registry, newObjectMapper(), "json", CONTENT_TYPE);
    }

    /**
     * The same codec over another mapper with {@link #configure these settings} (the benchmarks: plus Blackbird, or
     * over Smile), under its own name and content type.
     */
    public JsonEventCodec(EventTypeRegistry registry, ObjectMapper mapper, String name, String contentType) {
        this.registry = Require.nonNull(registry, "registry");
        this.name = Require.nonNull(name, "name");
        this.contentType = Require.nonNull(contentType, "contentType");
        Require.nonNull(mapper, "mapper");
        Map<String, ObjectReader> r = new HashMap<>();
        Map<Class<?>, ObjectWriter> w = new HashMap<>();
        for (EventType type : registry.all()) {
            r.put(type.name(), mapper.readerFor(type.javaClass()));
            w.put(type.javaClass(), mapper.writerFor(type.javaClass()));
        }
        this.readers = Map.copyOf(r);
        this.writers = Map.copyOf(w);
    }

    /**
     * A mapper configured exactly as the codec's, for whoever stores or reads the same JSON (the event store's JSONB
     * column): ISO-8601 instants, unknown fields ignored, missing fields, JSON nulls for primitives, floats for
     * integers and strings for numbers rejected, trailing content rejected; JSON trees keep decimals exact.
     */
    public static ObjectMapper newObjectMapper() {
        return configure(JsonMapper.builder()).build();
    }

    /**
     * The codec's settings applied to any Jackson format's builder (the benchmarks put them over Smile), so a binary
     * variant of the codec is held to the same rules.
     */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return configure(builder, true);
    }

    /** The same; {@code isoInstantReads} false leaves JavaTimeModule's Instant deserializer alone (tests compare). */
    static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder, boolean isoInstantReads) {
        SimpleModule isoInstant = new SimpleModule("pipebench-iso-instant")
                .addSerializer(Instant.class, new IsoInstantSerializer());
        if (isoInstantReads) {
            // JavaTimeModule's Instant deserializer is kept and wrapped: the modifier sees whatever it registered.
            isoInstant.setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                              JsonDeserializer<?> deserializer) {
                    // Only JavaTimeModule's own: another Instant deserializer (a caller's) keeps its own rules.
                    return description.getBeanClass() == Instant.class
                            && deserializer.getClass() == InstantDeserializer.class
                            ? new IsoInstantDeserializer(deserializer, true) : deserializer;
                }
            });
        }
        return builder
                .addModule(new JavaTimeModule())
                // After JavaTimeModule, so its Instant serializer is the one found: the same text, cheaper.
                .addModule(isoInstant)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // A number or boolean where a string belongs is a wrong type too, not text to make up.
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // So a JsonNode tree of an event (an upcaster, the store) keeps 12.50 as 12.50, not 12.5.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    /**
     * Jackson's {@link InstantSerializer} writing {@link IsoInstant}'s text where it would write
     * {@code DateTimeFormatter.ISO_INSTANT}'s, which is the same text ({@code Instant.toString} is ISO_INSTANT) at
     * a fraction of the cost (JSON encoding is 18 % of the load injector's sending threads, results/load/README.md;
     * {@code InjectorSendBenchmark} compares the two). Everything else is the stock serializer's: a
     * {@code @JsonFormat} pattern, a context time zone, timestamps (numbers) take its own code. The {@code with*}
     * copies keep this class, because Jackson makes one per property ({@code createContextual}).
     */
    static final class IsoInstantSerializer extends InstantSerializer {

        private static final long serialVersionUID = 1L;

        IsoInstantSerializer() {
            super();
        }

        private IsoInstantSerializer(IsoInstantSerializer base, Boolean useTimestamp, DateTimeFormatter formatter,
                                     JsonFormat.Shape shape) {
            super(base, useTimestamp, formatter, shape);
        }

        private IsoInstantSerializer(IsoInstantSerializer base, Boolean useTimestamp, Boolean useNanoseconds,
                                     DateTimeFormatter formatter) {
            super(base, useTimestamp, useNanoseconds, formatter);
        }

        @Override
        protected IsoInstantSerializer withFormat(Boolean useTimestamp, DateTimeFormatter formatter,
                                                  JsonFormat.Shape shape) {
            return new IsoInstantSerializer(this, useTimestamp, formatter, shape);
        }

        @Override
        protected IsoInstantSerializer withFeatures(Boolean writeZoneId, Boolean writeNanoseconds) {
            return new IsoInstantSerializer(this, _useTimestamp, writeNanoseconds, _formatter);
        }

        @Override
        protected String formatValue(Instant value, SerializerProvider provider) {
            if (_formatter == null && !(provider.getConfig().hasExplicitTimeZone()
                    && provider.isEnabled(SerializationFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE))) {
                return IsoInstant.format(value); // what ISO_INSTANT.format(value) returns
            }
            return super.formatValue(value, provider);
        }
    }

    /**
     * The Instant deserializer JavaTimeModule registered, with {@link IsoInstant}'s cached second in front: a string of
     * the second parsed last, then {@code Z} or {@code .d{1,9}Z}, is that second plus its fraction without
     * {@code DateTimeFormatter}; every other token or text (another second, a number, an offset, blanks, an error) goes
     * to the stock deserializer, which decides and whose errors a dead letter carries, and a plain second it accepts
     * is remembered. Consumer groups decode every event: decoding was a third to a half of each group's thread at
     * 5,000 events/s, Jackson's Instant parsing 6.8% of the audit group's (results/capacity/README.md, 2026-12-03).
     * A property with its own {@code @JsonFormat} gets the stock deserializer's contextual copy and no fast path.
     * {@code IsoInstantDeserializerTest} holds it to the stock one over valid, mutated and numeric texts.
     */
    static final class IsoInstantDeserializer extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;
        private final boolean fast;

        IsoInstantDeserializer(JsonDeserializer<?> stock, boolean fast) {
            super(stock);
            this.fast = fast;
        }

        /** Whether the cached second is tried first (false once a property's own format took over). */
        boolean fast() {
            return fast;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> contextual) {
            return new IsoInstantDeserializer(contextual, false); // a format override: the stock copy decides
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!fast || !p.hasToken(JsonToken.VALUE_STRING)) {
                return _delegatee.deserialize(p, ctxt);
            }
            String text = p.getText();
            Instant hit = IsoInstant.cached(text);
            if (hit != null) {
                return hit;
            }
            Object parsed = _delegatee.deserialize(p, ctxt);
            if (parsed instanceof Instant instant) {
                IsoInstant.remember(text, instant);
            }
            return parsed;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    /** @throws IllegalArgumentException if the event's class is not registered */
    @Override
    public byte[] encode(DomainEvent event) {
        ObjectWriter writer = writers.get(Require.nonNull(event, "event").getClass());
        if (writer == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not a registered event type;"
                    + " add it to the EventTypeRegistry the codec was built with");
        }
        try {
            return writer.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Records of value types only: reaching this is a bug in an event class, not bad input.
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        EventType type = registry.find(eventType).orElseThrow(() -> new EventDecodingException(
                EventDecodingException.Reason.UNKNOWN_TYPE,
                "unknown event type " + EventHeaders.shown(eventType) + ": not in the event type registry"));
        if (!type.supports(schemaVersion)) {
            throw new EventDecodingException(EventDecodingException.Reason.UNSUPPORTED_VERSION,
                    type.name() + " schema version " + schemaVersion + " is not supported (supported: "
                            + type.supportedVersions() + ")");
        }
        if (payload == null) {
            throw malformed(type, schemaVersion, "payload is null", null);
        }
        DomainEvent event;
        try {
            event = readers.get(type.name()).readValue(payload);
        } catch (DatabindException e) {
            throw malformed(type, schemaVersion, describe(e), e);
        } catch (IOException e) {
            throw malformed(type, schemaVersion, "invalid JSON: " + originalMessage(e), e);
        }
        if (event == null) {
            throw malformed(type, schemaVersion, "payload is JSON null", null);
        }
        int nul = nulEscape(payload);
        if (nul >= 0) {
            throw malformed(type, schemaVersion, "text holds U+0000 (\\u0000 at byte " + nul + "), which the event "
                    + "store's jsonb cannot hold (PostgreSQL refuses it with SQLState 22P05)", null);
        }
        return event;
    }

    /**
     * Where the payload escapes U+0000, or -1. Decoding alone accepts it (Java strings may hold NUL), but PostgreSQL's
     * jsonb refuses it, so such an event could be processed by every group and never stored. An escaped backslash
     * ({@code \\u0000}) is text, not an escape, hence the skip. Raw control bytes are already invalid JSON.
     */
    static int nulEscape(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\') {
                if (json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0' && json[i + 4] == '0'
                        && json[i + 5] == '0') {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static EventDecodingException malformed(EventType type, int version, String detail, Throwable cause) {
        return new EventDecodingException(EventDecodingException.Reason.MALFORMED_PAYLOAD,
                "cannot decode " + type.name() + " v" + version + ": " + detail, cause);
    }

    /** The JSON path of the failing field (e.g. {@code items[0].quantity}) and what was wrong with it. */
    private static String describe(DatabindException e) {
        String problem = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage() // our own compact-constructor message, which names the field
                : originalMessage(e);
        String path = path(e instanceof JsonMappingException m ? m.getPath() : List.of());
        return path.isEmpty() ? problem : "field '" + path + "': " + problem;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
