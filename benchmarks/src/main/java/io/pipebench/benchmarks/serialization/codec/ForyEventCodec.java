package io.pipebench.benchmarks.serialization.codec;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.logging.LoggerFactory;

/**
 * Apache Fory (Java mode) with every class registered (registration required), no reference tracking, and its
 * JIT-generated serializers; thread-safe through Fory's own thread-safe wrapper. Like Kryo, the event's class
 * travels beside the payload ({@code serializeJavaObject}), not in it.
 */
public final class ForyEventCodec implements EventCodec {

    private final EventTypeRegistry registry;
    private final ThreadSafeFory fory;

    public ForyEventCodec(EventTypeRegistry registry) {
        this.registry = registry;
        LoggerFactory.disableLogging(); // Fory logs every class it compiles at INFO, into the benchmark output
        this.fory = Fory.builder()
                .withLanguage(Language.JAVA)
                .requireClassRegistration(true)
                .withRefTracking(false)
                .withCodegen(true)
                .withAsyncCompilation(false)
                .buildThreadSafeFory();
        for (Class<?> type : ValueTypes.all(registry)) {
            fory.register(type);
        }
    }

    @Override
    public String name() {
        return "fory";
    }

    @Override
    public String contentType() {
        return "application/x-fory";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        return fory.serializeJavaObject(event);
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        return fory.deserializeJavaObject(payload, Codecs.javaClass(registry, eventType));
    }
}
