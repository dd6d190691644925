package io.pipebench.workload;

import io.pipebench.testing.SteppingClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The events a seed gives, frozen: a digest of every event's class, aggregate id, JSON and headers, taken from the
 * code before the load injector's send path was made cheaper (issue 13, item 6; the same digests come out of commit
 * 9bd1661's classes, with its EventHeaders.write and Jackson's stock Instant serializer). Whatever is optimised in event creation, the same
 * seed and clock must still give these bytes: same ids, same content, same order. If an intended change to the
 * events' content breaks this, take the new digests from the failure message and say so in the commit.
 */
class EventContentGoldenTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final JsonEventCodec CODEC = new JsonEventCodec(REGISTRY);

    @Test
    void aWorkloadsSequenceGivesTheFrozenEvents() throws Exception {
        for (String name : new String[] {"max-rate", "steady"}) {
            Workload w = new WorkloadLoader(REGISTRY).load(name);
            EventSequence sequence = new EventSequence(w.eventMix(REGISTRY), w.keySpace(), REGISTRY, w.seed() ^ 77,
                    steppingClock());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 20_000; i++) {
                add(digest, sequence.next());
            }
            assertThat(HexFormat.of().formatHex(digest.digest())).as(name).isEqualTo(switch (name) {
                case "max-rate" -> "681dc18f7080b2c69f3a1f5a39c61a32dc22be5c42aec09fa2b722c4b70cc387";
                default -> "e2f776e13cbce055c981fc8a8dba814455c37f24f2485a35428b940a7268af7d";
            });
        }
    }

    @Test
    void theFactoryGivesTheFrozenEventsOfEveryType() throws Exception {
        EventFactory factory = new EventFactory(REGISTRY, 20_261_130, steppingClock());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 200; i++) {
            for (EventType type : REGISTRY.all()) {
                add(digest, factory.create(type.name()));
            }
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo("2c22526928437ace4c9c1f57e0fa9d0e95dfac39394cb6697d4cc02bf24f8598");
    }

    private static void add(MessageDigest digest, DomainEvent event) {
        digest.update(event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        digest.update(event.aggregateId().getBytes(StandardCharsets.UTF_8));
        digest.update(CODEC.encode(event));
        RecordHeaders headers = new RecordHeaders();
        EventHeaders.write(EventEnvelope.of(event, REGISTRY), CODEC.contentType(), headers); // the production path
        for (Header h : headers) {
            digest.update(h.key().getBytes(StandardCharsets.UTF_8));
            digest.update(h.value());
        }
    }

    /** 123,457 µs (and a few ns) per reading: fractions of every length, seconds changing. */
    private static SteppingClock steppingClock() {
        return new SteppingClock(Instant.parse("2026-11-30T06:00:00Z"), 123_457_001);
    }
}
