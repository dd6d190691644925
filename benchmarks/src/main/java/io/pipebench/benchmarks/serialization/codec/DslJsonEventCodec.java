package io.pipebench.benchmarks.serialization.codec;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.JsonWriter;
import com.dslplatform.json.runtime.Settings;
import io.pipebench.events.CustomerId;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.OrderId;
import io.pipebench.events.PaymentId;
import io.pipebench.events.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import java.util.function.Function;

/**
 * DSL-JSON with its runtime analysis (the records live in {@code system}, which carries no DSL-JSON annotations
 * for its compile-time processor). It does not know Jackson's {@code @JsonValue}, so the id types, {@link Currency}
 * and {@link Instant} get converters here that write the same JSON as Jackson: ids and currencies as plain strings,
 * instants as ISO-8601. Writers come from a thread-local, as DSL-JSON recommends (Jackson recycles its buffers the
 * same way inside).
 */
public final class DslJsonEventCodec implements EventCodec {

    private final EventTypeRegistry registry;
    private final DslJson<Object> dsl;
    private final ThreadLocal<JsonWriter> writers;

    public DslJsonEventCodec(EventTypeRegistry registry) {
        this.registry = registry;
        this.dsl = new DslJson<>(Settings.withRuntime().includeServiceLoader());
        stringValue(dsl, OrderId.class, id -> id.value().toString(), s -> new OrderId(UUID.fromString(s)));
        stringValue(dsl, PaymentId.class, id -> id.value().toString(), s -> new PaymentId(UUID.fromString(s)));
        stringValue(dsl, CustomerId.class, CustomerId::value, CustomerId::new);
        stringValue(dsl, ProductId.class, ProductId::value, ProductId::new);
        stringValue(dsl, Currency.class, Currency::getCurrencyCode, Currency::getInstance);
        stringValue(dsl, Instant.class, Instant::toString, Instant::parse);
        this.writers = ThreadLocal.withInitial(dsl::newWriter);
    }

    /** A type written as one JSON string, as Jackson writes a {@code @JsonValue} type. */
    private static <T> void stringValue(DslJson<Object> dsl, Class<T> type, Function<T, String> toText,
                                        Function<String, T> fromText) {
        dsl.registerWriter(type, (JsonWriter writer, T value) -> {
            if (value == null) {
                writer.writeNull();
            } else {
                writer.writeString(toText.apply(value));
            }
        });
        dsl.registerReader(type, (JsonReader reader) -> reader.wasNull() ? null : fromText.apply(reader.readString()));
    }

    @Override
    public String name() {
        return "dslJson";
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        JsonWriter writer = writers.get();
        writer.reset();
        try {
            dsl.serialize(writer, event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
        return writer.toByteArray();
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        try {
            return dsl.deserialize(Codecs.javaClass(registry, eventType), payload, payload.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + eventType, e);
        }
    }
}
