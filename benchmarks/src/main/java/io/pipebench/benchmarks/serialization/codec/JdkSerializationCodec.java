package io.pipebench.benchmarks.serialization.codec;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * The floor: {@code java.io} serialization, which needs no code at all. Reading is limited by an allow-list filter
 * (our events, the JDK value types they hold), as any use of it on untrusted bytes must be; the filter's cost is
 * part of the number. Records deserialize through their canonical constructor, so their checks run.
 */
public final class JdkSerializationCodec implements EventCodec {

    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=10;io.pipebench.events.*;java.util.*;java.math.*;java.time.*;java.lang.*;!*");

    private final EventTypeRegistry registry;

    public JdkSerializationCodec(EventTypeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String contentType() {
        return "application/x-java-serialized-object";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
        return bytes.toByteArray();
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        Class<? extends DomainEvent> type = Codecs.javaClass(registry, eventType);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
            in.setObjectInputFilter(ALLOWED);
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot decode " + eventType + ": " + e.getMessage(), e);
        }
    }
}
