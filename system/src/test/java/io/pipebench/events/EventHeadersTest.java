package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EventHeadersTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();

    @Test
    void headersRoundTripForTheFirstEventOfAFlow() {
        EventEnvelope env = EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY);
        Headers headers = new RecordHeaders();
        EventHeaders.write(env, "application/json", headers);

        EventMetadata meta = EventHeaders.read(headers);
        assertThat(meta).isEqualTo(new EventMetadata(env.eventId(), "OrderCreated", 1, "Order", env.occurredOn(),
                env.eventId(), null, "application/json"));
        assertThat(headers.lastHeader(EventHeaders.CAUSATION_ID)).isNull();
        assertThat(text(headers, EventHeaders.OCCURRED_ON)).isEqualTo("2025-01-15T10:30:00.123456Z");
        assertThat(text(headers, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(text(headers, EventHeaders.EVENT_ID)).isEqualTo(env.eventId().toString());
    }

    @Test
    void headersRoundTripWithCausation() {
        EventEnvelope cause = EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY);
        EventEnvelope effect = EventEnvelope.of(EventFactory.sampleReservationRequest(), REGISTRY).causedBy(cause);
        Headers headers = new RecordHeaders();
        EventHeaders.write(effect, "application/json", headers);

        EventMetadata meta = EventHeaders.read(headers);
        assertThat(meta.eventId()).isEqualTo(effect.eventId());
        assertThat(meta.eventType()).isEqualTo("OrderInventoryReservationRequested");
        assertThat(meta.correlationId()).isEqualTo(cause.eventId());
        assertThat(meta.causationId()).isEqualTo(cause.eventId());
        assertThat(text(headers, EventHeaders.CAUSATION_ID)).isEqualTo(cause.eventId().toString());
    }

    @Test
    void rewritingReplacesRatherThanDuplicates() {
        EventEnvelope cause = EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY);
        EventEnvelope effect = EventEnvelope.of(EventFactory.samplePaymentFailed(), REGISTRY).causedBy(cause);
        Headers headers = new RecordHeaders();
        EventHeaders.write(effect, "application/json", headers);
        EventHeaders.write(EventEnvelope.of(EventFactory.samplePaymentFailed(), REGISTRY), "application/x", headers);

        assertThat(headers.headers(EventHeaders.EVENT_TYPE)).hasSize(1);
        assertThat(headers.headers(EventHeaders.CAUSATION_ID)).isEmpty();
        assertThat(EventHeaders.read(headers).contentType()).isEqualTo("application/x");
    }

    @Test
    void onlyTypeAndVersionAreRequired() {
        Headers headers = new RecordHeaders()
                .add(EventHeaders.EVENT_TYPE, bytes("PaymentFailed"))
                .add(EventHeaders.SCHEMA_VERSION, bytes("1"));
        assertThat(EventHeaders.read(headers)).isEqualTo(new EventMetadata(null, "PaymentFailed", 1, null, null,
                null, null, null));
    }

    @Test
    void aMissingEventTypeHeaderIsNamed() {
        Headers headers = written();
        headers.remove(EventHeaders.EVENT_TYPE);
        assertMissing(() -> EventHeaders.read(headers), "event-type");

        Headers blank = written();
        blank.remove(EventHeaders.EVENT_TYPE);
        blank.add(EventHeaders.EVENT_TYPE, bytes(""));
        assertMissing(() -> EventHeaders.read(blank), "event-type");

        Headers nullValue = written();
        nullValue.remove(EventHeaders.EVENT_TYPE);
        nullValue.add(EventHeaders.EVENT_TYPE, null);
        assertMissing(() -> EventHeaders.read(nullValue), "event-type");
    }

    @Test
    void aMissingOrUnreadableSchemaVersionIsNamed() {
        Headers missing = written();
        missing.remove(EventHeaders.SCHEMA_VERSION);
        assertMissing(() -> EventHeaders.read(missing), "schema-version");

        for (String bad : new String[] {"one", "", "0", "-3", "1.0"}) {
            Headers headers = written();
            headers.remove(EventHeaders.SCHEMA_VERSION);
            headers.add(EventHeaders.SCHEMA_VERSION, bytes(bad));
            assertMissing(() -> EventHeaders.read(headers), "schema-version");
        }
    }

    @Test
    void anUnreadableOptionalHeaderIsNamedToo() {
        Headers badId = written();
        badId.remove(EventHeaders.CORRELATION_ID);
        badId.add(EventHeaders.CORRELATION_ID, bytes("abc"));
        assertMissing(() -> EventHeaders.read(badId), "correlation-id");

        Headers badTime = written();
        badTime.remove(EventHeaders.OCCURRED_ON);
        badTime.add(EventHeaders.OCCURRED_ON, bytes("yesterday"));
        assertMissing(() -> EventHeaders.read(badTime), "occurred-on");
    }

    @Test
    void aRepeatedHeaderIsReadOnceButConflictingRepeatsAreRefused() {
        Headers same = written();
        same.add(EventHeaders.EVENT_TYPE, bytes("PaymentFailed"));
        assertThat(EventHeaders.read(same).eventType()).isEqualTo("PaymentFailed");

        Headers conflicting = written();
        conflicting.add(EventHeaders.EVENT_TYPE, bytes("OrderCreated"));
        assertMissing(() -> EventHeaders.read(conflicting), "event-type");
        assertThatThrownBy(() -> EventHeaders.read(conflicting)).hasMessageContaining("different values");
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefusedNamingIt() {
        Headers headers = written();
        headers.remove(EventHeaders.EVENT_TYPE);
        headers.add(EventHeaders.EVENT_TYPE, new byte[] {'P', (byte) 0xC3, '(', 'x'});
        assertMissing(() -> EventHeaders.read(headers), "event-type");
        assertThatThrownBy(() -> EventHeaders.read(headers)).hasMessageContaining("not UTF-8");
    }

    @Test
    void aHugeOrControlLadenValueIsQuotedCutAndEscapedInTheReason() {
        Headers headers = written();
        headers.remove(EventHeaders.SCHEMA_VERSION);
        headers.add(EventHeaders.SCHEMA_VERSION, bytes("\r\n" + "x".repeat(1_000_000)));
        assertThatThrownBy(() -> EventHeaders.read(headers))
                .hasMessageContaining("'\\u000d\\u000axxx")
                .hasMessageContaining("cut at 64 of 1000002 characters")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n"));

        JsonEventCodec codec = new JsonEventCodec(REGISTRY);
        assertThatThrownBy(() -> codec.decode("y".repeat(100_000), 1, new byte[0]))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void correlationTravelsOnlyInHeadersNotInTheJson() {
        JsonEventCodec codec = new JsonEventCodec(REGISTRY);
        EventEnvelope cause = EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY);
        EventEnvelope effect = EventEnvelope.of(EventFactory.samplePaymentFailed(), REGISTRY).causedBy(cause);
        String json = new String(codec.encode(effect.event()), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("correlation", "causation", cause.eventId().toString());
    }

    @Test
    void occurredOnHeaderEqualsTheEventsInstant() {
        Headers headers = written();
        assertThat(EventHeaders.read(headers).occurredOn())
                .isEqualTo(EventFactory.samplePaymentFailed().occurredOn())
                .isEqualTo(Instant.parse("2025-01-15T10:30:00.123456Z"));
    }

    // ---- write against writeSimple, byte for byte ----

    @Test
    void writeProducesWriteSimplesBytesForEveryTypeFlowAndContentType() {
        int compared = 0;
        for (EventType type : REGISTRY.all()) {
            EventFactory factory = new EventFactory(REGISTRY, type.name().hashCode());
            EventEnvelope previous = null;
            for (int i = 0; i < 200; i++) {
                EventEnvelope first = EventEnvelope.of(factory.create(type.name()), REGISTRY);
                for (String contentType : new String[] {"application/json", "application/x-smile", "text/ü-ñ"}) {
                    assertSameHeaders(first, contentType);
                    if (previous != null) {
                        assertSameHeaders(first.causedBy(previous), contentType);
                    }
                    compared++;
                }
                previous = first;
            }
        }
        assertThat(compared).isEqualTo(24 * 200 * 3);
    }

    @Test
    void writeMatchesWriteSimpleAtEdgeInstantsVersionsAndIds() {
        List<Instant> instants = List.of(Instant.EPOCH, Instant.parse("2025-01-15T10:30:00Z"),
                Instant.parse("2025-01-15T10:30:00.123Z"), Instant.parse("2025-01-15T10:30:00.120Z"),
                Instant.parse("2025-01-15T10:30:00.000456Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN,
                Instant.MAX.minusNanos(999));
        List<UUID> ids = List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, Long.MAX_VALUE),
                UUID.fromString("00000000-0000-4000-8000-000000000001"), UUID.randomUUID());
        int version = 0;
        for (Instant at : instants) {
            DomainEvent event = new EventFactory(REGISTRY, 3, Clock.fixed(at, ZoneOffset.UTC)).create("StockReserved");
            for (UUID correlation : ids) {
                for (UUID causation : new UUID[] {null, correlation, event.eventId()}) {
                    int v = new int[] {1, 2, 9, 15, 16, 17, 100, Integer.MAX_VALUE}[version++ % 8];
                    assertSameHeaders(new EventEnvelope(event, "StockReserved", v, correlation, causation),
                            "application/json");
                }
            }
        }
    }

    @Test
    void writeOverExistingHeadersReplacesAsWriteSimpleDoes() {
        EventEnvelope cause = EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY);
        EventEnvelope effect = EventEnvelope.of(EventFactory.samplePaymentFailed(), REGISTRY).causedBy(cause);
        for (EventEnvelope before : List.of(cause, effect)) {
            for (EventEnvelope after : List.of(cause, effect)) {
                Headers fast = prefilled();
                Headers simple = prefilled();
                EventHeaders.write(before, "application/json", fast);
                EventHeaders.writeSimple(before, "application/json", simple);
                EventHeaders.write(after, "application/x", fast);
                EventHeaders.writeSimple(after, "application/x", simple);
                assertThat(entries(fast)).isEqualTo(entries(simple));
            }
        }
    }

    @Test
    void uuidsAreWrittenAsTheirToString() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            UUID id = i % 2 == 0 ? new UUID(random.nextLong(), random.nextLong()) : UUID.randomUUID();
            assertThat(new String(EventHeaders.ascii(id), StandardCharsets.UTF_8)).isEqualTo(id.toString());
        }
        for (long bits : new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 0xF0F0F0F0F0F0F0F0L}) {
            UUID id = new UUID(bits, ~bits);
            assertThat(EventHeaders.ascii(id)).isEqualTo(id.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void repeatedStringsAreEncodedOnceUpToTheCacheBound() {
        EventHeaders.Utf8Constants constants = new EventHeaders.Utf8Constants(2);
        byte[] json = constants.utf8("application/json");
        assertThat(constants.utf8(new String("application/json"))).isSameAs(json);
        assertThat(constants.utf8("Order")).isEqualTo(bytes("Order"));
        assertThat(constants.utf8("Zoë")).isEqualTo(bytes("Zoë")); // past the bound: right bytes, not kept
        assertThat(constants.size()).isEqualTo(2);

        Headers headers = new RecordHeaders();
        EventHeaders.write(EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY), "application/json", headers);
        assertThat(headers.lastHeader(EventHeaders.CORRELATION_ID).value())
                .isSameAs(headers.lastHeader(EventHeaders.EVENT_ID).value()); // shared, read-only like all values
    }

    /**
     * read walks the headers once and decodes ASCII values its own way; readSimple looks each name up. Over 20,000
     * header lists damaged at random (names repeated with the same or another value or none, removed, reordered,
     * values blank, not UTF-8, UTF-8 beyond ASCII, not a number, a UUID or an instant, foreign headers) both give the
     * same metadata or the same refusal. Fails if read reported another header's fault first, accepted a conflicting
     * repeat readSimple refuses, or decoded a value differently.
     */
    @Test
    void readGivesReadSimplesResultOrRefusalForDamagedHeaders() {
        SplittableRandom random = new SplittableRandom(20261203);
        String[] names = {EventHeaders.EVENT_ID, EventHeaders.EVENT_TYPE, EventHeaders.SCHEMA_VERSION,
                EventHeaders.AGGREGATE_TYPE, EventHeaders.OCCURRED_ON, EventHeaders.CORRELATION_ID,
                EventHeaders.CAUSATION_ID, EventHeaders.CONTENT_TYPE, "traceparent", "Event-Type"};
        byte[][] values = {bytes(""), bytes(" "), bytes("0"), bytes("-3"), bytes("2"), bytes("x"),
                bytes("Zahlung\u00e9\u2713"), new byte[] {'P', (byte) 0xC3, '(', 'x'}, new byte[] {(byte) 0xFF},
                bytes(UUID.randomUUID().toString()), bytes("2025-01-15T10:30:00Z"), bytes("2025-13-15T10:30:00Z"),
                bytes("PaymentFailed"), bytes("OrderCreated"), null};
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            List<Header> list = new ArrayList<>();
            written().forEach(list::add);
            int damages = random.nextInt(4);
            for (int d = 0; d < damages; d++) {
                String name = names[random.nextInt(names.length)];
                switch (random.nextInt(4)) {
                    case 0 -> list.removeIf(h -> h.key().equals(name));
                    case 1 -> list.stream().filter(h -> h.key().equals(name)).findFirst()
                            .ifPresent(h -> list.add(random.nextInt(list.size() + 1), h));
                    case 2 -> list.add(random.nextInt(list.size() + 1),
                            new RecordHeader(name, values[random.nextInt(values.length)]));
                    default -> java.util.Collections.swap(list, random.nextInt(list.size()),
                            random.nextInt(list.size()));
                }
            }
            Headers headers = new RecordHeaders(list.toArray(Header[]::new));
            Object simple = outcome(() -> EventHeaders.readSimple(headers));
            Object fast = outcome(() -> EventHeaders.read(headers));
            assertThat(fast).as("headers %s", entries(headers)).isEqualTo(simple);
            if (simple instanceof String) {
                refused++;
            }
        }
        // The damage must have reached both outcomes often enough to mean something.
        assertThat(refused).isBetween(2_000, 18_000);
    }

    /** The metadata read, or the refusal as "class reason: message". */
    private static Object outcome(java.util.function.Supplier<EventMetadata> read) {
        try {
            return read.get();
        } catch (EventDecodingException e) {
            return e.getClass().getName() + " " + e.reason() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static void assertSameHeaders(EventEnvelope env, String contentType) {
        Headers fast = new RecordHeaders();
        Headers simple = new RecordHeaders();
        EventHeaders.write(env, contentType, fast);
        EventHeaders.writeSimple(env, contentType, simple);
        assertThat(entries(fast)).as("headers of %s", env).isEqualTo(entries(simple));
    }

    /** Another writer's headers, duplicates included, that a rewrite must replace name by name. */
    private static Headers prefilled() {
        return new RecordHeaders()
                .add("pipebench", new byte[] {1, 2, 3})
                .add(EventHeaders.EVENT_TYPE, bytes("Old"))
                .add(EventHeaders.CAUSATION_ID, bytes("x"))
                .add(EventHeaders.EVENT_TYPE, bytes("Older"))
                .add("trace", bytes("t"));
    }

    /** Each header as "key=[value bytes]", in order: what the record's header bytes are made of. */
    private static List<String> entries(Headers headers) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            out.add(h.key() + "=" + Arrays.toString(h.value()));
        }
        return out;
    }

    private static Headers written() {
        Headers headers = new RecordHeaders();
        EventHeaders.write(EventEnvelope.of(EventFactory.samplePaymentFailed(), REGISTRY), "application/json",
                headers);
        return headers;
    }

    private static void assertMissing(ThrowingCallable call, String header) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.MISSING_HEADER))
                .hasMessageContaining("'" + header + "'");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
