package io.pipebench.benchmarks.serialization.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.Pool;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import java.util.ArrayList;
import java.util.UUID;

/**
 * Kryo 5 with every class registered up front (registration required: an unregistered class in a payload is
 * refused, and class names never travel), no reference tracking (events are trees), records through Kryo's
 * RecordSerializer (which calls the canonical constructor, so the records' checks run on decode). Kryo instances
 * are not thread-safe: they come from Kryo's own pool, as do the output buffers. The event's class is not written:
 * it travels beside the payload, as with every other candidate.
 */
public final class KryoEventCodec implements EventCodec {

    private final EventTypeRegistry registry;
    private final Pool<Kryo> kryos;
    private final Pool<Output> outputs;

    public KryoEventCodec(EventTypeRegistry registry) {
        this.registry = registry;
        this.kryos = new Pool<>(true, false, 16) {
            @Override
            protected Kryo create() {
                Kryo kryo = new Kryo();
                kryo.setRegistrationRequired(true);
                kryo.setReferences(false);
                ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
                ImmutableCollectionsSerializers.registerSerializers(kryo);
                kryo.register(ArrayList.class);
                // UUID's own serializer: Kryo's field serializer would need java.util opened to reflection.
                kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
                for (Class<?> type : ValueTypes.all(registry)) {
                    kryo.register(type);
                }
                return kryo;
            }
        };
        this.outputs = new Pool<>(true, false, 16) {
            @Override
            protected Output create() {
                return new Output(512, -1);
            }
        };
    }

    @Override
    public String name() {
        return "kryo";
    }

    @Override
    public String contentType() {
        return "application/x-kryo";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        Kryo kryo = kryos.obtain();
        Output output = outputs.obtain();
        try {
            output.reset();
            kryo.writeObject(output, event);
            return output.toBytes();
        } finally {
            outputs.free(output);
            kryos.free(kryo);
        }
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        Class<? extends DomainEvent> type = Codecs.javaClass(registry, eventType);
        Kryo kryo = kryos.obtain();
        try {
            return kryo.readObject(new Input(payload), type);
        } finally {
            kryos.free(kryo);
        }
    }
}
