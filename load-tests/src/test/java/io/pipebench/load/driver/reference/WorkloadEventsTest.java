package io.pipebench.load.driver.reference;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.workload.EventMix;
import io.pipebench.workload.KeySpace;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's events per thread are those its own loop gave before it drew from the system's EventSequence. */
class WorkloadEventsTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final int N = 500;

    @Test
    void eachThreadGetsTheEventsOfTheFormerPerThreadLoop() throws Exception {
        Workload w = new WorkloadLoader(REGISTRY).load("smoke");
        long salt = 0x5eed_1234L;
        KeySpace slice = w.keySpace().slice(1, 3);
        WorkloadEvents events = new WorkloadEvents(w, REGISTRY, salt, slice);

        List<DomainEvent> first = draw(events);
        List<DomainEvent> second = CompletableFuture.supplyAsync(() -> draw(events)).get();

        long runSeed = w.seed() ^ salt;
        assertSameIgnoringTime(first, formerLoop(w.eventMix(REGISTRY), slice, runSeed * 1_000_003L));
        assertSameIgnoringTime(second, formerLoop(w.eventMix(REGISTRY), slice, runSeed * 1_000_003L + 1));
        assertThat(first.get(0).eventId()).isNotEqualTo(second.get(0).eventId());
    }

    /** A workload file's {@code eventIds: time-ordered} reaches every sending thread's factory. */
    @Test
    void aTimeOrderedWorkloadGivesEveryThreadVersion7Ids() throws Exception {
        Workload w = new WorkloadLoader(REGISTRY).load(
                Path.of("..", "results", "capacity", "max-rate-tuned-ordered-ids.yaml").toString());
        WorkloadEvents events = new WorkloadEvents(w, REGISTRY, 0x5eed_1234L);
        List<DomainEvent> first = draw(events);
        List<DomainEvent> second = CompletableFuture.supplyAsync(() -> draw(events)).get();
        for (DomainEvent e : concat(first, second)) {
            assertThat(e.eventId().version()).isEqualTo(7);
            assertThat(e.eventId().getMostSignificantBits() >>> 16).isEqualTo(e.occurredOn().toEpochMilli());
        }
    }

    private static List<DomainEvent> concat(List<DomainEvent> a, List<DomainEvent> b) {
        List<DomainEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<DomainEvent> draw(WorkloadEvents events) {
        List<DomainEvent> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(events.next());
        }
        return out;
    }

    /** The per-thread loop as WorkloadEvents wrote it before (system clock: only the instant may differ). */
    private static List<DomainEvent> formerLoop(EventMix mix, KeySpace keys, long threadSeed) {
        SplittableRandom random = new SplittableRandom(threadSeed);
        EventFactory factory = new EventFactory(REGISTRY, threadSeed);
        List<DomainEvent> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            EventType type = mix.pick(random);
            out.add(factory.create(type.name(), keys.pick(type.context(), random)));
        }
        return out;
    }

    private static void assertSameIgnoringTime(List<DomainEvent> actual, List<DomainEvent> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).usingRecursiveComparison().ignoringFields("occurredOn")
                    .isEqualTo(expected.get(i));
        }
    }
}
