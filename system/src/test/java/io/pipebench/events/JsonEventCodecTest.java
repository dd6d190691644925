package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonEventCodecTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final ObjectMapper MAPPER = JsonEventCodec.newObjectMapper();

    private final JsonEventCodec codec = new JsonEventCodec(REGISTRY);

    static Stream<String> eventTypes() {
        return REGISTRY.all().stream().map(EventType::name);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyTypeRoundTripsToAnEqualRecord(String eventType) {
        EventFactory factory = new EventFactory(REGISTRY, eventType.hashCode());
        for (int i = 0; i < 50; i++) {
            DomainEvent event = factory.create(eventType);
            byte[] json = codec.encode(event);
            DomainEvent decoded = codec.decode(eventType, 1, json);
            assertThat(decoded).isInstanceOf(event.getClass()).isEqualTo(event);
            assertThat(decoded.aggregateId()).isEqualTo(event.aggregateId());
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void jsonHoldsExactlyTheRecordComponentsWithIsoInstantsAndPlainStringIds(String eventType) throws Exception {
        DomainEvent event = new EventFactory(REGISTRY, 7).create(eventType);
        JsonNode json = MAPPER.readTree(codec.encode(event));

        Set<String> fields = new HashSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(Arrays.stream(event.getClass().getRecordComponents())
                .map(c -> c.getName()).toList());
        assertThat(fields).doesNotContain("aggregateId", "context", "aggregateType", "correlationId",
                "causationId");

        assertThat(json.get("occurredOn").isTextual()).isTrue();
        assertThat(Instant.parse(json.get("occurredOn").asText())).isEqualTo(event.occurredOn());
        assertThat(json.get("occurredOn").asText()).endsWith("Z");
        assertThat(json.get("eventId").asText()).isEqualTo(event.eventId().toString());
        String idField = switch (event.context()) {
            case CUSTOMER -> "customerId";
            case ORDER -> "orderId";
            case PAYMENT -> "paymentId";
            case INVENTORY -> "inventoryId";
        };
        assertThat(json.get(idField).isTextual()).isTrue();
        assertThat(json.get(idField).asText()).isEqualTo(event.aggregateId());
    }

    @Test
    void samplesRoundTrip() {
        for (DomainEvent sample : List.of(EventFactory.samplePaymentFailed(), EventFactory.sampleOrderCreated(),
                EventFactory.sampleReservationRequest())) {
            String type = REGISTRY.typeOf(sample).name();
            assertThat(codec.decode(type, 1, codec.encode(sample))).isEqualTo(sample);
        }
    }

    @Test
    void bigDecimalKeepsItsScale() throws Exception {
        for (String amount : List.of("12.50", "12.5", "100", "0.000", "1E+3", "123456789012345678901234.99")) {
            OrderItemAdded event = new OrderItemAdded(UUID.randomUUID(), Instant.now(),
                    new OrderId(UUID.randomUUID()), new ProductId("SKU-1"), 1, Money.of(amount, "EUR"));
            OrderItemAdded decoded = (OrderItemAdded) codec.decode("OrderItemAdded", 1, codec.encode(event));
            assertThat(decoded.price().amount().scale()).as(amount).isEqualTo(event.price().amount().scale());
            assertThat(decoded).isEqualTo(event);
        }
        OrderItemAdded event = new OrderItemAdded(UUID.randomUUID(), Instant.now(), new OrderId(UUID.randomUUID()),
                new ProductId("SKU-1"), 1, Money.of("12.50", "EUR"));
        JsonNode price = MAPPER.readTree(codec.encode(event)).get("price");
        assertThat(price.get("amount").isNumber()).isTrue();
        assertThat(price.get("amount").decimalValue()).isEqualTo(new BigDecimal("12.50"));
        assertThat(price.get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void nanosecondInstantsAreTruncatedToMicrosecondsSoTheyRoundTripThroughTheStore() {
        Instant nanos = Instant.parse("2025-03-01T12:00:00.123456789Z");
        PaymentRequested event = new PaymentRequested(UUID.randomUUID(), nanos, new PaymentId(UUID.randomUUID()),
                new OrderId(UUID.randomUUID()), Money.of("10.00", "USD"));
        assertThat(event.occurredOn()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
        assertThat(new String(codec.encode(event), StandardCharsets.UTF_8))
                .contains("\"occurredOn\":\"2025-03-01T12:00:00.123456Z\"");
    }

    @Test
    void instantsWithAnOffsetAreReadAsUtc() throws Exception {
        ObjectNode json = tree(EventFactory.samplePaymentFailed());
        json.put("occurredOn", "2025-01-15T12:30:00.123456+02:00");
        PaymentFailed decoded = (PaymentFailed) codec.decode("PaymentFailed", 1, bytes(json));
        assertThat(decoded).isEqualTo(EventFactory.samplePaymentFailed());
    }

    @Test
    void nullableOrderIdOfAnAdjustmentRoundTripsAsNull() {
        CustomerSpendingUpdated adjustment = new CustomerSpendingUpdated(UUID.randomUUID(), Instant.now(),
                new CustomerId("customer-1"), Money.of("5.00", "GBP"), Money.of("105.00", "GBP"), null,
                SpendingType.ADJUSTMENT);
        assertThat(codec.decode("CustomerSpendingUpdated", 1, codec.encode(adjustment))).isEqualTo(adjustment);
    }

    @Test
    void fieldOrderDoesNotMatterAsJsonbReordersKeys() throws Exception {
        OrderInventoryReservationRequested sample = EventFactory.sampleReservationRequest();
        ObjectNode json = tree(sample);
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        ObjectNode reversed = MAPPER.createObjectNode();
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.set(names.get(i), json.get(names.get(i)));
        }
        assertThat(new String(bytes(reversed), StandardCharsets.UTF_8)).startsWith("{\"items\"");
        assertThat(codec.decode("OrderInventoryReservationRequested", 1, bytes(reversed))).isEqualTo(sample);
    }

    @Test
    void unknownExtraFieldsAreIgnored() throws Exception {
        OrderInventoryReservationRequested sample = EventFactory.sampleReservationRequest();
        ObjectNode json = tree(sample);
        json.put("priority", "HIGH");
        json.putObject("shipping").put("carrier", "DHL");
        ((ObjectNode) json.get("items").get(0)).put("giftWrap", true);
        ((ObjectNode) json.get("items").get(1).get("price")).put("taxIncluded", true);
        assertThat(codec.decode("OrderInventoryReservationRequested", 1, bytes(json))).isEqualTo(sample);
    }

    @Test
    void invalidJsonIsMalformed() {
        assertMalformed(() -> codec.decode("OrderCreated", 1, "{\"eventId\": ".getBytes(StandardCharsets.UTF_8)),
                "OrderCreated");
        assertMalformed(() -> codec.decode("OrderCreated", 1, "not json".getBytes(StandardCharsets.UTF_8)),
                "OrderCreated");
        assertMalformed(() -> codec.decode("OrderCreated", 1, new byte[0]), "OrderCreated");
        assertMalformed(() -> codec.decode("OrderCreated", 1, "null".getBytes(StandardCharsets.UTF_8)),
                "OrderCreated", "null");
        assertMalformed(() -> codec.decode("OrderCreated", 1, "[1,2]".getBytes(StandardCharsets.UTF_8)),
                "OrderCreated");
        assertMalformed(() -> codec.decode("OrderCreated", 1, null), "OrderCreated", "null");
    }

    @Test
    void trailingContentIsMalformed() {
        byte[] json = codec.encode(EventFactory.sampleOrderCreated());
        byte[] withTrailer = (new String(json, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
        assertMalformed(() -> codec.decode("OrderCreated", 1, withTrailer), "OrderCreated");
    }

    @Test
    void aMissingRequiredFieldIsMalformedAndNamed() throws Exception {
        ObjectNode json = tree(EventFactory.sampleOrderCreated());
        json.remove("customerId");
        assertMalformed(() -> codec.decode("OrderCreated", 1, bytes(json)), "OrderCreated", "customerId");

        ObjectNode noCount = tree(new EventFactory(REGISTRY, 1).create("OrderSubmitted"));
        noCount.remove("itemCount"); // a primitive must not silently become 0
        assertMalformed(() -> codec.decode("OrderSubmitted", 1, bytes(noCount)), "OrderSubmitted", "itemCount");

        ObjectNode noCurrency = tree(EventFactory.samplePaymentFailed());
        ((ObjectNode) noCurrency.get("amount")).remove("currency");
        assertMalformed(() -> codec.decode("PaymentFailed", 1, bytes(noCurrency)), "PaymentFailed", "currency");
    }

    @Test
    void aNullRequiredFieldIsMalformedAndNamed() throws Exception {
        ObjectNode json = tree(EventFactory.samplePaymentFailed());
        json.putNull("orderId");
        assertMalformed(() -> codec.decode("PaymentFailed", 1, bytes(json)), "PaymentFailed", "orderId");

        ObjectNode nullBoolean = tree(EventFactory.samplePaymentFailed());
        nullBoolean.putNull("canRetry");
        assertMalformed(() -> codec.decode("PaymentFailed", 1, bytes(nullBoolean)), "PaymentFailed", "canRetry");
    }

    @Test
    void aWrongFieldTypeIsMalformedAndNamed() throws Exception {
        ObjectNode quantity = tree(EventFactory.sampleReservationRequest());
        ((ObjectNode) quantity.get("items").get(0)).put("quantity", "two");
        assertMalformed(() -> codec.decode("OrderInventoryReservationRequested", 1, bytes(quantity)),
                "OrderInventoryReservationRequested", "items[0].quantity");

        ObjectNode fraction = tree(EventFactory.sampleReservationRequest());
        ((ObjectNode) fraction.get("items").get(2)).put("quantity", 1.5);
        assertMalformed(() -> codec.decode("OrderInventoryReservationRequested", 1, bytes(fraction)),
                "items[2].quantity");

        ObjectNode retry = tree(EventFactory.samplePaymentFailed());
        retry.put("canRetry", "yes");
        assertMalformed(() -> codec.decode("PaymentFailed", 1, bytes(retry)), "PaymentFailed", "canRetry");

        ObjectNode uuid = tree(EventFactory.samplePaymentFailed());
        uuid.put("paymentId", "not-a-uuid");
        assertMalformed(() -> codec.decode("PaymentFailed", 1, bytes(uuid)), "PaymentFailed", "paymentId");

        ObjectNode reason = tree(EventFactory.samplePaymentFailed());
        reason.put("failureReason", 42);
        assertMalformed(() -> codec.decode("PaymentFailed", 1, bytes(reason)), "PaymentFailed", "failureReason");

        ObjectNode id = tree(EventFactory.sampleOrderCreated());
        id.put("customerId", 42);
        assertMalformed(() -> codec.decode("OrderCreated", 1, bytes(id)), "OrderCreated", "customerId");

        ObjectNode items = tree(EventFactory.sampleOrderCreated());
        items.put("items", "SKU-1");
        assertMalformed(() -> codec.decode("OrderCreated", 1, bytes(items)), "OrderCreated", "items");

        ObjectNode currency = tree(EventFactory.sampleOrderCreated());
        ((ObjectNode) currency.get("totalAmount")).put("currency", "EURO");
        assertMalformed(() -> codec.decode("OrderCreated", 1, bytes(currency)), "OrderCreated",
                "totalAmount.currency");

        ObjectNode level = tree(new EventFactory(REGISTRY, 3).create("CustomerCreated"));
        level.put("membershipLevel", "DIAMOND");
        assertMalformed(() -> codec.decode("CustomerCreated", 1, bytes(level)), "CustomerCreated",
                "membershipLevel");
    }

    @Test
    void anInvalidValueIsMalformedWithTheConstructorsReason() throws Exception {
        ObjectNode json = tree(EventFactory.sampleReservationRequest());
        ((ObjectNode) json.get("items").get(1)).put("quantity", 0);
        assertMalformed(() -> codec.decode("OrderInventoryReservationRequested", 1, bytes(json)),
                "OrderInventoryReservationRequested", "items[1]", "quantity must be > 0");

        ObjectNode empty = tree(EventFactory.sampleReservationRequest());
        empty.set("items", MAPPER.createArrayNode());
        assertMalformed(() -> codec.decode("OrderInventoryReservationRequested", 1, bytes(empty)),
                "items must not be empty");

        ObjectNode email = tree(new EventFactory(REGISTRY, 5).create("CustomerCreated"));
        email.put("email", "no-at-sign");
        assertMalformed(() -> codec.decode("CustomerCreated", 1, bytes(email)), "CustomerCreated", "email");

        ObjectNode nullItem = tree(EventFactory.sampleOrderCreated());
        ((ArrayNode) nullItem.get("items")).addNull();
        assertMalformed(() -> codec.decode("OrderCreated", 1, bytes(nullItem)), "OrderCreated", "items");
    }

    @Test
    void anUnknownTypeIsRejectedWithoutLoadingAnything() {
        byte[] json = codec.encode(EventFactory.sampleOrderCreated());
        for (String name : List.of("OrderCreatedEvent", "io.pipebench.events.OrderCreated", "java.lang.Runtime")) {
            assertThatThrownBy(() -> codec.decode(name, 1, json))
                    .isInstanceOfSatisfying(EventDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNKNOWN_TYPE))
                    .hasMessageContaining(name);
        }
        assertThatThrownBy(() -> codec.decode(null, 1, json))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNKNOWN_TYPE));
    }

    @Test
    void anUnsupportedVersionIsRejected() {
        byte[] json = codec.encode(EventFactory.sampleOrderCreated());
        for (int version : new int[] {0, 2, -1}) {
            assertThatThrownBy(() -> codec.decode("OrderCreated", version, json))
                    .isInstanceOfSatisfying(EventDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNSUPPORTED_VERSION))
                    .hasMessageContaining("OrderCreated")
                    .hasMessageContaining("version " + version);
        }
    }

    @Test
    void headersWhoseEventIdContradictsThePayloadAreRefused() {
        OrderCreated event = EventFactory.sampleOrderCreated();
        byte[] json = codec.encode(event);
        UUID other = UUID.randomUUID();
        EventMetadata matching = new EventMetadata(event.eventId(), "OrderCreated", 1, "Order", null, null, null, null);
        EventMetadata contradicting = new EventMetadata(other, "OrderCreated", 1, "Order", null, null, null, null);
        EventMetadata withoutId = new EventMetadata(null, "OrderCreated", 1, "Order", null, null, null, null);

        assertThat(codec.decode(matching, json)).isEqualTo(event);
        assertThat(codec.decode(withoutId, json)).isEqualTo(event); // the header is optional; the payload's id stands
        assertThatThrownBy(() -> codec.decode(contradicting, json))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.HEADER_MISMATCH))
                .hasMessageContaining(other.toString()).hasMessageContaining(event.eventId().toString())
                .hasMessageContaining(EventHeaders.EVENT_ID);
    }

    @Test
    void encodingAnUnregisteredEventNamesItsClass() {
        DomainEvent foreign = new DomainEvent() {
            @Override
            public UUID eventId() {
                return new UUID(0, 1);
            }

            @Override
            public Instant occurredOn() {
                return Instant.EPOCH;
            }

            @Override
            public String aggregateId() {
                return "x";
            }

            @Override
            public BoundedContext context() {
                return BoundedContext.ORDER;
            }
        };
        assertThatThrownBy(() -> codec.encode(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(foreign.getClass().getName());
    }

    @Test
    void identifiesItself() {
        assertThat(codec.name()).isEqualTo("json");
        assertThat(codec.contentType()).isEqualTo("application/json");
    }

    private static void assertMalformed(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.MALFORMED_PAYLOAD))
                .message().contains(fragments);
    }

    private ObjectNode tree(DomainEvent event) throws Exception {
        return (ObjectNode) MAPPER.readTree(codec.encode(event));
    }

    private static byte[] bytes(JsonNode json) throws Exception {
        return MAPPER.writeValueAsBytes(json);
    }
}
