package io.pipebench.benchmarks.serialization.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import java.util.function.Function;

/**
 * The codec candidates, by the name that appears in JMH's {@code codec} parameter and in the results. Constants are
 * in lower camel case on purpose: they are those names.
 */
public enum Candidate {

    /** The baseline: Jackson as the design document configures it (Spring Kafka's JsonSerializer). */
    jacksonDocument(DocumentJacksonCodec::new),
    /** The reference system's codec today: {@link JsonEventCodec}, strict, readers and writers per type. */
    jacksonStrict(JsonEventCodec::new),
    /** The strict codec's mapper plus Blackbird (LambdaMetafactory accessors instead of reflection). */
    jacksonBlackbird(registry -> new JsonEventCodec(registry,
            JsonEventCodec.newObjectMapper().registerModule(new BlackbirdModule()), "jacksonBlackbird",
            JsonEventCodec.CONTENT_TYPE)),
    /** The strict codec's settings over Smile, Jackson's binary JSON (same data model, no schema). */
    smile(registry -> new JsonEventCodec(registry, smileMapper(), "smile", "application/x-jackson-smile")),
    avro(registry -> new AvroEventCodec()),
    protobuf(registry -> new ProtobufEventCodec()),
    kryo(KryoEventCodec::new),
    fory(ForyEventCodec::new),
    dslJson(DslJsonEventCodec::new),
    /** The floor: java.io serialization with an allow-list filter. */
    jdk(JdkSerializationCodec::new);

    private final Function<EventTypeRegistry, EventCodec> factory;

    Candidate(Function<EventTypeRegistry, EventCodec> factory) {
        this.factory = factory;
    }

    /** A new codec of this kind over {@code registry}. */
    public EventCodec create(EventTypeRegistry registry) {
        return factory.apply(registry);
    }

    /** Whether it covers every registered event, or (Avro, Protobuf) only the benchmark inputs it has schemas for. */
    public boolean coversAllEvents() {
        return this != avro && this != protobuf;
    }

    /** The settings of {@link JsonEventCodec#newObjectMapper()}, over Smile. */
    private static ObjectMapper smileMapper() {
        return JsonEventCodec.configure(SmileMapper.builder()).build();
    }
}
