package io.pipebench.benchmarks.serialization.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Jackson with one reader and one writer built per event type up front, as {@code JsonEventCodec} does, over any
 * mapper: the strict mapper plus Blackbird (generated accessors instead of reflection), or the strict mapper's
 * settings over Smile (Jackson's binary JSON). Immutable and thread-safe.
 */
public final class PrebuiltJacksonCodec implements EventCodec {

    private final String name;
    private final String contentType;
    private final EventTypeRegistry registry;
    private final Map<String, ObjectReader> readers;
    private final Map<Class<?>, ObjectWriter> writers;

    public PrebuiltJacksonCodec(String name, String contentType, ObjectMapper mapper, EventTypeRegistry registry) {
        this.name = name;
        this.contentType = contentType;
        this.registry = registry;
        Map<String, ObjectReader> r = new HashMap<>();
        Map<Class<?>, ObjectWriter> w = new HashMap<>();
        for (EventType type : registry.all()) {
            r.put(type.name(), mapper.readerFor(type.javaClass()));
            w.put(type.javaClass(), mapper.writerFor(type.javaClass()));
        }
        this.readers = Map.copyOf(r);
        this.writers = Map.copyOf(w);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public byte[] encode(DomainEvent event) {
        try {
            return writers.get(event.getClass()).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        ObjectReader reader = readers.get(eventType);
        if (reader == null) {
            Codecs.javaClass(registry, eventType); // throws, naming the type
        }
        try {
            return reader.readValue(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + eventType, e);
        }
    }
}
