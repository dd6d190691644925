package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The codec's JSON with {@link JsonEventCodec.IsoInstantSerializer} is the JSON of Jackson's own
 * {@link InstantSerializer}, byte for byte, and the fast serializer is the one Jackson actually uses for events.
 */
class IsoInstantSerializerTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();

    /** The codec's settings with the stock Instant serializer registered last, so it wins: the JSON before. */
    private static JsonMapper.Builder stock(JsonMapper.Builder builder) {
        return builder.addModule(new SimpleModule("stock-instant").addSerializer(Instant.class,
                InstantSerializer.INSTANCE));
    }

    private static final ObjectMapper FAST = JsonEventCodec.newObjectMapper();
    private static final ObjectMapper STOCK = stock(JsonEventCodec.configure(JsonMapper.builder())).build();

    @Test
    void everyEventEncodesToTheStockSerializersBytes() throws Exception {
        JsonEventCodec fast = new JsonEventCodec(REGISTRY);
        JsonEventCodec before = new JsonEventCodec(REGISTRY, STOCK, "json", JsonEventCodec.CONTENT_TYPE);
        int compared = 0;
        for (EventType type : REGISTRY.all()) {
            EventFactory factory = new EventFactory(REGISTRY, type.name().hashCode());
            for (int i = 0; i < 300; i++) {
                DomainEvent event = factory.create(type.name());
                assertThat(new String(fast.encode(event))).isEqualTo(new String(before.encode(event)));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(24 * 300);
    }

    @Test
    void edgeAndRandomInstantsEncodeAsTheStockSerializerDoes() throws Exception {
        JsonEventCodec fast = new JsonEventCodec(REGISTRY);
        JsonEventCodec before = new JsonEventCodec(REGISTRY, STOCK, "json", JsonEventCodec.CONTENT_TYPE);
        SplittableRandom random = new SplittableRandom(3);
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("2025-01-15T10:30:00Z"),
                Instant.parse("2025-01-15T10:30:00.120Z"), Instant.parse("2025-01-15T10:30:00.000456Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("-0001-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX);
        for (int i = 0; i < 20_000; i++) {
            Instant at = i < edges.size() ? edges.get(i)
                    : Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 300_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            DomainEvent event = new EventFactory(REGISTRY, i, Clock.fixed(at, ZoneOffset.UTC)).create("OrderCreated");
            assertThat(new String(fast.encode(event))).isEqualTo(new String(before.encode(event)));
        }
    }

    @Test
    void theFastSerializerIsTheOneUsedForAnEventsInstantAndTheStockOneBeforeIt() throws Exception {
        assertThat(occurredOnSerializer(FAST)).isInstanceOf(JsonEventCodec.IsoInstantSerializer.class);
        assertThat(FAST.getSerializerProviderInstance().findValueSerializer(Instant.class, null))
                .isInstanceOf(JsonEventCodec.IsoInstantSerializer.class);
        // Else the comparisons above would compare the fast serializer with itself.
        assertThat(occurredOnSerializer(STOCK).getClass()).isEqualTo(InstantSerializer.class);
    }

    private static JsonSerializer<Object> occurredOnSerializer(ObjectMapper mapper) throws Exception {
        JsonSerializer<Object> bean = mapper.getSerializerProviderInstance().findValueSerializer(OrderCreated.class,
                null);
        for (var it = ((BeanSerializer) bean).properties(); it.hasNext(); ) {
            BeanPropertyWriter w = (BeanPropertyWriter) it.next();
            if (w.getName().equals("occurredOn")) {
                return w.getSerializer();
            }
        }
        throw new AssertionError("OrderCreated has no occurredOn property writer");
    }

    /** A pattern, a shape or a time zone on the property: the stock serializer's own code, so its own text. */
    record Stamped(Instant plain,
                   @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd HH:mm:ss.SSS", timezone = "UTC")
                   Instant pattern,
                   @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant number,
                   @JsonFormat(shape = JsonFormat.Shape.STRING) Instant string,
                   @JsonFormat(with = JsonFormat.Feature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS) Instant nanos,
                   List<Instant> list) {
    }

    @Test
    void annotationsTimestampsAndTimeZonesStillWriteWhatTheStockSerializerWrites() throws Exception {
        Instant at = Instant.parse("2025-01-15T10:30:00.123456Z");
        Stamped value = new Stamped(at, at, at, at, at, List.of(at, Instant.EPOCH));
        List<JsonMapper.Builder> fastConfigs = List.of(
                JsonEventCodec.configure(JsonMapper.builder()),
                JsonEventCodec.configure(JsonMapper.builder()).enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS),
                JsonEventCodec.configure(JsonMapper.builder()).enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS),
                JsonEventCodec.configure(JsonMapper.builder()).defaultTimeZone(TimeZone.getTimeZone("Asia/Taipei"))
                        .enable(SerializationFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE));
        List<JsonMapper.Builder> stockConfigs = List.of(
                stock(JsonEventCodec.configure(JsonMapper.builder())),
                stock(JsonEventCodec.configure(JsonMapper.builder()))
                        .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS),
                stock(JsonEventCodec.configure(JsonMapper.builder()))
                        .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS),
                stock(JsonEventCodec.configure(JsonMapper.builder()))
                        .defaultTimeZone(TimeZone.getTimeZone("Asia/Taipei"))
                        .enable(SerializationFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE));
        for (int i = 0; i < fastConfigs.size(); i++) {
            ObjectMapper fast = fastConfigs.get(i).build();
            ObjectMapper before = stockConfigs.get(i).build();
            assertThat(fast.writeValueAsString(value)).as("configuration %d", i)
                    .isEqualTo(before.writeValueAsString(value));
            // A tree (the event store builds JSONB through one) goes through Jackson's token buffer instead.
            assertThat(fast.valueToTree(value).toString()).isEqualTo(before.valueToTree(value).toString());
        }
        assertThat(FAST.writeValueAsString(value)).contains("\"plain\":\"2025-01-15T10:30:00.123456Z\"",
                "\"pattern\":\"2025-01-15 10:30:00.123\"");
    }
}
