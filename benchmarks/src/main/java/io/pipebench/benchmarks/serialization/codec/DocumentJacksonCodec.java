package io.pipebench.benchmarks.serialization.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The baseline: JSON as the design document's Spring Kafka {@code JsonSerializer}/{@code JsonDeserializer} make it,
 * modelled with plain Jackson. The mapper is Spring Kafka's {@code JacksonUtils.enhancedObjectMapper()} (default
 * ObjectMapper, DEFAULT_VIEW_INCLUSION and FAIL_ON_UNKNOWN_PROPERTIES off, Jdk8Module and JavaTimeModule) with
 * dates as ISO-8601 strings, as the document's events carry them.
 * <p>
 * Like the serializer, it writes through one untyped {@code mapper.writer()} (the serializer is looked up by the
 * value's runtime class on every call); like the deserializer, it builds {@code mapper.readerFor(type)} for every
 * record. The type comes from the registry by name where Spring reads the {@code __TypeId__} header and loads the
 * class by name: the lookup cost is alike, and loading classes named by a message is a defect we do not copy.
 */
public final class DocumentJacksonCodec implements EventCodec {

    private final EventTypeRegistry registry;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    public DocumentJacksonCodec(EventTypeRegistry registry) {
        this.registry = registry;
        this.mapper = JsonMapper.builder()
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        this.writer = mapper.writer();
    }

    @Override
    public String name() {
        return "jacksonDocument";
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        try {
            return writer.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        Class<? extends DomainEvent> type = Codecs.javaClass(registry, eventType);
        try {
            return mapper.readerFor(type).readValue(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + eventType, e);
        }
    }
}
