package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The codec reads instants with {@link JsonEventCodec.IsoInstantDeserializer} exactly as with JavaTimeModule's own
 * deserializer: the same instant for every text it accepts, the same exception (class and message) for every text it
 * refuses, on the fast path (a text of the second read last) as on the stock one; and the wrapper is what Jackson uses.
 */
class IsoInstantDeserializerTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final ObjectMapper FAST = JsonEventCodec.newObjectMapper();
    private static final ObjectMapper STOCK = JsonEventCodec.configure(JsonMapper.builder(), false).build();

    @Test
    void theWrapperWithItsFastPathIsWhatRootValuesAndEventFieldsUse() throws Exception {
        assertThat(instantDeserializer(FAST)).isInstanceOfSatisfying(JsonEventCodec.IsoInstantDeserializer.class,
                d -> assertThat(d.fast()).isTrue());
        assertThat(((JsonEventCodec.IsoInstantDeserializer) instantDeserializer(FAST)).getDelegatee())
                .isInstanceOf(InstantDeserializer.class);
        // What a consumer decodes: the record's creator property, contextualised.
        assertThat(fieldDeserializer(FAST, OrderCreated.class, "occurredOn"))
                .isInstanceOfSatisfying(JsonEventCodec.IsoInstantDeserializer.class, d -> assertThat(d.fast()).isTrue());
        // Else the comparisons below would compare the fast path with itself.
        assertThat(instantDeserializer(STOCK)).isInstanceOf(InstantDeserializer.class);
        assertThat(fieldDeserializer(STOCK, OrderCreated.class, "occurredOn")).isInstanceOf(InstantDeserializer.class);
    }

    /** A property with its own format: the stock deserializer's contextual copy decides, never the cached second. */
    record Stamped(@JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss", timezone = "UTC") Instant at) {
    }

    @Test
    void aPropertyWithItsOwnFormatLosesTheFastPathAndReadsAsTheStockOneDoes() throws Exception {
        assertThat(fieldDeserializer(FAST, Stamped.class, "at"))
                .isInstanceOfSatisfying(JsonEventCodec.IsoInstantDeserializer.class, d -> assertThat(d.fast()).isFalse());
        read(FAST, "2025-01-15T10:30:00Z"); // the second is cached now
        for (String text : List.of("2025-01-15T10:30:00.5Z", "2025-01-15T10:30:00Z", "2025-01-15 10:30:00")) {
            String json = "{\"at\":\"" + text + "\"}";
            assertThat(readStamped(FAST, json)).as(text).isEqualTo(readStamped(STOCK, json));
        }
        assertThat(readStamped(FAST, "{\"at\":\"2025-01-15T10:30:00.5Z\"}")).startsWith("error");
    }

    @Test
    void aDamagedOccurredOnInAnEventIsRefusedWithTheStockReason() {
        JsonEventCodec fast = new JsonEventCodec(REGISTRY);
        JsonEventCodec stock = new JsonEventCodec(REGISTRY, STOCK, "json", JsonEventCodec.CONTENT_TYPE);
        DomainEvent event = new EventFactory(REGISTRY, 5).create("OrderCreated");
        String json = new String(fast.encode(event), StandardCharsets.UTF_8);
        String at = ((OrderCreated) event).occurredOn().toString();
        assertThat(json).contains("\"" + at + "\"");
        SplittableRandom random = new SplittableRandom(13);
        String alphabet = "0123456789-T:.Z z+";
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            char[] chars = at.toCharArray();
            chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            byte[] damaged = json.replace("\"" + at + "\"", "\"" + new String(chars) + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            String f = decoded(fast, damaged);
            assertThat(f).isEqualTo(decoded(stock, damaged));
            if (f.startsWith("error")) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(500);
    }

    private static String decoded(JsonEventCodec codec, byte[] json) {
        try {
            return "ok " + codec.decode("OrderCreated", REGISTRY.find("OrderCreated").orElseThrow().currentVersion(),
                    json);
        } catch (RuntimeException e) {
            return "error " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String readStamped(ObjectMapper mapper, String json) {
        try {
            return "ok " + mapper.readValue(json, Stamped.class);
        } catch (Exception e) {
            return "error " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void everyEventDecodesToWhatTheStockDeserializerGives() {
        JsonEventCodec fast = new JsonEventCodec(REGISTRY);
        JsonEventCodec stock = new JsonEventCodec(REGISTRY, STOCK, "json", JsonEventCodec.CONTENT_TYPE);
        int compared = 0;
        for (EventType type : REGISTRY.all()) {
            EventFactory factory = new EventFactory(REGISTRY, type.name().hashCode());
            for (int i = 0; i < 300; i++) {
                DomainEvent event = factory.create(type.name());
                byte[] json = fast.encode(event);
                assertThat(fast.decode(type.name(), type.currentVersion(), json))
                        .isEqualTo(stock.decode(type.name(), type.currentVersion(), json));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(24 * 300);
    }

    @Test
    void validMutatedAndNumericTextsGiveTheStockResultOrItsError() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> texts = new ArrayList<>(List.of("2025-01-15T10:30:00Z", "2025-01-15T10:30:00.1Z",
                "2025-01-15T10:30:00.123456789Z", "2025-01-15T10:30:00.1234567890Z", "2025-01-15T10:30:00.Z",
                "2025-01-15T10:30:00z", "2025-01-15T10:30:00+01:00", "2025-01-15T10:30:00.5+00:00",
                " 2025-01-15T10:30:00Z", "2025-01-15T10:30:00Z ", "2025-01-15T24:00:00Z", "2025-01-15T23:59:60Z",
                "2025-02-30T10:30:00Z", "", " ", "1700000000", "1700000000.5", "-1", "0", "2025-01-15",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"));
        String alphabet = "0123456789-T:.Z z+";
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(5),
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = at.toString();
            texts.add(text);
            // The same second with a damaged tail or body: the fast path's cached prefix must not accept it.
            char[] chars = text.toCharArray();
            chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            texts.add(new String(chars));
            texts.add(text.substring(0, 19) + "." + "1234567890".substring(0, random.nextInt(11)) + "Z");
        }
        int accepted = 0;
        int refused = 0;
        for (String text : texts) {
            // Twice: the second read of a plain second takes the cached path.
            for (int pass = 0; pass < 2; pass++) {
                Outcome fast = read(FAST, text);
                Outcome stock = read(STOCK, text);
                assertThat(fast).as("text '%s', pass %d", text, pass).isEqualTo(stock);
                if (fast.value() != null) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(accepted).isGreaterThan(40_000);
        assertThat(refused).isGreaterThan(10_000);
    }

    @Test
    void numbersStillGoToTheStockDeserializer() throws Exception {
        assertThat(FAST.readValue("1700000000", Instant.class)).isEqualTo(STOCK.readValue("1700000000", Instant.class));
        assertThat(FAST.readValue("1700000000.5", Instant.class))
                .isEqualTo(STOCK.readValue("1700000000.5", Instant.class));
    }

    private record Outcome(Instant value, String error) {
    }

    private static Outcome read(ObjectMapper mapper, String text) {
        try {
            return new Outcome(Objects.requireNonNull(mapper.readValue(mapper.writeValueAsString(text), Instant.class)),
                    null);
        } catch (Exception e) {
            return new Outcome(null, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static JsonDeserializer<Object> instantDeserializer(ObjectMapper mapper) throws Exception {
        return context(mapper).findRootValueDeserializer(mapper.constructType(Instant.class));
    }

    private static JsonDeserializer<Object> fieldDeserializer(ObjectMapper mapper, Class<?> type, String field)
            throws Exception {
        BeanDeserializerBase bean = (BeanDeserializerBase) context(mapper)
                .findRootValueDeserializer(mapper.constructType(type));
        return bean.findProperty(field).getValueDeserializer();
    }

    private static DefaultDeserializationContext context(ObjectMapper mapper) {
        return ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
    }
}
