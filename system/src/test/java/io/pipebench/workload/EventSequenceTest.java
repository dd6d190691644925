package io.pipebench.workload;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventIds;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The one event source gives, for a seed, exactly the events the three loops it replaced gave. */
class EventSequenceTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-30T06:00:00.123456Z"), ZoneOffset.UTC);
    private static final int N = 2_000;

    @Test
    void sameSeedGivesTheEventsOfTheFormerLoop() {
        Workload steady = new WorkloadLoader(REGISTRY).load("steady");
        for (long seed : new long[]{steady.seed(), 7, -3}) {
            EventSequence sequence = new EventSequence(steady.eventMix(REGISTRY), steady.keySpace(), REGISTRY, seed,
                    FIXED);
            List<DomainEvent> events = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                events.add(sequence.next());
            }
            assertThat(events).isEqualTo(formerLoop(steady, seed));
        }
    }

    @Test
    void anotherSeedGivesOtherEvents() {
        Workload steady = new WorkloadLoader(REGISTRY).load("steady");
        EventSequence a = new EventSequence(steady.eventMix(REGISTRY), steady.keySpace(), REGISTRY, 1, FIXED);
        EventSequence b = new EventSequence(steady.eventMix(REGISTRY), steady.keySpace(), REGISTRY, 2, FIXED);
        assertThat(a.next()).isNotEqualTo(b.next());
    }

    /** A time-ordered workload reaches the factory: the same events as the random-id sequence but for the ids. */
    @Test
    void aTimeOrderedWorkloadChangesOnlyTheEventIds() {
        Workload steady = new WorkloadLoader(REGISTRY).load("steady");
        EventSequence random = new EventSequence(steady.eventMix(REGISTRY), steady.keySpace(), REGISTRY, 5, FIXED);
        EventSequence ordered = new EventSequence(steady.eventMix(REGISTRY), steady.keySpace(), REGISTRY, 5, FIXED,
                EventIds.TIME_ORDERED);
        for (int i = 0; i < N; i++) {
            DomainEvent a = random.next();
            DomainEvent b = ordered.next();
            assertThat(b.eventId().version()).isEqualTo(7);
            assertThat(b.eventId().getMostSignificantBits() >>> 16).isEqualTo(FIXED.millis());
            assertThat(b).usingRecursiveComparison().ignoringFields("eventId").isEqualTo(a);
        }
    }

    /** The workload constructor (EventGenerator, ProfileComparison) takes the ids from the workload file. */
    @Test
    void theWorkloadConstructorFollowsTheWorkloadsEventIds() {
        WorkloadLoader loader = new WorkloadLoader(REGISTRY);
        Workload ordered = loader.load(Path.of("..", "results", "capacity", "max-rate-tuned-ordered-ids.yaml")
                .toString());
        long before = System.currentTimeMillis();
        DomainEvent event = new EventSequence(ordered, REGISTRY, ordered.seed()).next();
        assertThat(event.eventId().version()).isEqualTo(7);
        assertThat(event.eventId().getMostSignificantBits() >>> 16).isEqualTo(event.occurredOn().toEpochMilli())
                .isBetween(before, System.currentTimeMillis());
        Workload steady = loader.load("steady");
        assertThat(new EventSequence(steady, REGISTRY, steady.seed()).next().eventId().version()).isEqualTo(4);
    }

    /** The loop as EventGenerator, ProfileComparison and the load harness's WorkloadEvents each wrote it before. */
    private static List<DomainEvent> formerLoop(Workload workload, long seed) {
        EventMix mix = workload.eventMix(REGISTRY);
        KeySpace keys = workload.keySpace();
        EventFactory factory = new EventFactory(REGISTRY, seed, FIXED);
        SplittableRandom random = new SplittableRandom(seed);
        List<DomainEvent> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            EventType type = mix.pick(random);
            out.add(factory.create(type.name(), keys.pick(type.context(), random)));
        }
        return out;
    }
}
