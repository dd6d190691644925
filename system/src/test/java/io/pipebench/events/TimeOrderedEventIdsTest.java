package io.pipebench.events;

import io.pipebench.testing.SteppingClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Time-ordered event ids: RFC 9562 version 7 from the event's own instant, seeded bits, nothing else changed. */
class TimeOrderedEventIdsTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final JsonEventCodec CODEC = new JsonEventCodec(REGISTRY);
    private static final Instant START = Instant.parse("2026-11-30T06:00:00.000250Z");

    @Test
    void idsAreVersion7WithTheRfcVariantLedByTheEventsMilliseconds() {
        EventFactory factory = ordered(7, new SteppingClock(START, 123_457_001));
        for (int i = 0; i < 50; i++) {
            for (EventType type : REGISTRY.all()) {
                DomainEvent event = factory.create(type.name());
                UUID id = event.eventId();
                assertThat(id.version()).as(type.name()).isEqualTo(7);
                assertThat(id.variant()).as(type.name()).isEqualTo(2); // RFC 9562's 10xx
                assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(event.occurredOn().toEpochMilli());
            }
        }
    }

    @Test
    void onlyTheEventIdDiffersFromTheRandomIdEvent() {
        EventFactory random = new EventFactory(REGISTRY, 11, new SteppingClock(START, 777_001));
        EventFactory ordered = ordered(11, new SteppingClock(START, 777_001));
        for (int i = 0; i < 100; i++) {
            for (EventType type : REGISTRY.all()) {
                DomainEvent a = random.create(type.name());
                DomainEvent b = ordered.create(type.name());
                assertThat(a.eventId().version()).isEqualTo(4);
                assertThat(b.aggregateId()).isEqualTo(a.aggregateId()); // aggregate ids stay version 4
                // Payload UUIDs (order, payment, reservation ids...) and every other field: the same bytes.
                assertThat(json(b).replace(b.eventId().toString(), "ID"))
                        .isEqualTo(json(a).replace(a.eventId().toString(), "ID"));
            }
        }
    }

    @Test
    void sameSeedAndClockGiveTheSameIdsAnotherSeedOthers() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        assertThat(ids(ordered(42, fixed), 500)).isEqualTo(ids(ordered(42, fixed), 500));
        assertThat(ids(ordered(42, fixed), 500)).doesNotContainAnyElementsOf(ids(ordered(43, fixed), 500));
    }

    @Test
    void aMillionIdsInOneMillisecondAreDistinct() {
        EventFactory factory = ordered(5, Clock.fixed(START, ZoneOffset.UTC));
        UUID[] ids = new UUID[1_000_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = factory.create("StockAdded").eventId();
        }
        Arrays.sort(ids, Comparator.comparing(TimeOrderedEventIdsTest::bytes, Arrays::compareUnsigned));
        assertThat(ids[0].getMostSignificantBits() >>> 16).isEqualTo(START.toEpochMilli());
        assertThat(ids[ids.length - 1].getMostSignificantBits() >>> 16).isEqualTo(START.toEpochMilli());
        for (int i = 1; i < ids.length; i++) {
            assertThat(ids[i]).isNotEqualTo(ids[i - 1]);
        }
    }

    /** PostgreSQL's uuid order: the 16 bytes compared big-endian, unsigned (not java.util.UUID's signed compareTo). */
    @Test
    void anIdFromALaterMillisecondSortsAfterEveryEarlierOne() {
        // 0.4 ms a step: several events share a millisecond, then the millisecond moves on.
        EventFactory factory = ordered(3, new SteppingClock(START, 400_001));
        byte[] maxOfEarlierMillis = new byte[16]; // nothing earlier yet: the smallest uuid
        byte[] maxOfCurrentMillis = new byte[16];
        long currentMillis = -1;
        int laterMillis = 0;
        for (int i = 0; i < 20_000; i++) {
            DomainEvent event = factory.create(i % 2 == 0 ? "PaymentCompleted" : "StockReserved");
            long millis = event.occurredOn().toEpochMilli();
            byte[] id = bytes(event.eventId());
            if (millis > currentMillis) {
                maxOfEarlierMillis = max(maxOfEarlierMillis, maxOfCurrentMillis);
                maxOfCurrentMillis = id;
                currentMillis = millis;
                laterMillis++;
            }
            maxOfCurrentMillis = max(maxOfCurrentMillis, id);
            assertThat(Arrays.compareUnsigned(id, maxOfEarlierMillis)).as("event %d", i).isPositive();
        }
        assertThat(laterMillis).isGreaterThan(7_000);
        // Past the sign bit of the first byte too, where a signed comparison would turn the order round.
        byte[] early = bytes(ordered(1, Clock.fixed(Instant.ofEpochMilli(0x7FFF_FFFF_FFFFL), ZoneOffset.UTC))
                .create("StockAdded").eventId());
        byte[] late = bytes(ordered(1, Clock.fixed(Instant.ofEpochMilli(0x8000_0000_0000L), ZoneOffset.UTC))
                .create("StockAdded").eventId());
        assertThat(Arrays.compareUnsigned(late, early)).isPositive();
    }

    @Test
    void anInstantOutsideTheFortyEightBitsIsRefused() {
        EventFactory before1970 = ordered(1, Clock.fixed(Instant.parse("1969-12-31T23:59:59Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> before1970.create("StockAdded")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time-ordered event id").hasMessageContaining("1969-12-31T23:59:59Z");
        EventFactory after10889 = ordered(1, Clock.fixed(Instant.ofEpochMilli(1L << 48), ZoneOffset.UTC));
        assertThatThrownBy(() -> after10889.create("StockAdded")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time-ordered event id");
    }

    @Test
    void workloadSpellingsNameTheDefaultFirst() {
        assertThat(EventIds.spellings()).containsExactly("random", "time-ordered");
        assertThat(EventIds.named("time-ordered")).contains(EventIds.TIME_ORDERED);
        assertThat(EventIds.named("TIME_ORDERED")).isEmpty();
    }

    private static EventFactory ordered(long seed, Clock clock) {
        return new EventFactory(REGISTRY, seed, clock, EventIds.TIME_ORDERED);
    }

    private static List<UUID> ids(EventFactory factory, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> factory.create("OrderSubmitted").eventId())
                .toList();
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static String json(DomainEvent event) {
        return new String(CODEC.encode(event), StandardCharsets.UTF_8);
    }
}
