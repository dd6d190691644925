package io.pipebench.load.distributed;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.kafka.RunHeaders;
import io.pipebench.workload.KeySpace;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InjectorSliceTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static Map<String, String> props(String run, String count, String index) {
        Map<String, String> p = new HashMap<>();
        if (run != null) {
            p.put(InjectorSlice.RUN, run);
        }
        if (count != null) {
            p.put(InjectorSlice.COUNT, count);
        }
        if (index != null) {
            p.put(InjectorSlice.INDEX, index);
        }
        return p;
    }

    @Test
    void noInjectorPropertiesMeansOneInjectorEvenInsideSomeIndexedJob() {
        assertThat(InjectorSlice.from(Map.of(), Map.of(InjectorSlice.K8S_INDEX, "3"))).isEmpty();
    }

    @Test
    void indexFromThePropertyOrFromKubernetes() {
        assertThat(InjectorSlice.from(props("r1", "4", "2"), NO_ENV))
                .contains(new InjectorSlice("r1", 2, 4));
        assertThat(InjectorSlice.from(props("r1", "4", null), Map.of(InjectorSlice.K8S_INDEX, "3")))
                .contains(new InjectorSlice("r1", 3, 4));
        assertThat(InjectorSlice.from(props("r1", "4", "3"), Map.of(InjectorSlice.K8S_INDEX, "3")))
                .contains(new InjectorSlice("r1", 3, 4));
    }

    @Test
    void badOrIncompleteSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> InjectorSlice.from(props(null, "3", "0"), NO_ENV))
                .hasMessageContaining("-Dinjector.run");
        assertThatThrownBy(() -> InjectorSlice.from(props("r", null, "0"), NO_ENV))
                .hasMessageContaining("-Dinjector.count");
        assertThatThrownBy(() -> InjectorSlice.from(props("r", "3", null), NO_ENV))
                .hasMessageContaining("JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> InjectorSlice.from(props("r", "3", "1"), Map.of(InjectorSlice.K8S_INDEX, "2")))
                .hasMessageContaining("contradicts");
        assertThatThrownBy(() -> InjectorSlice.from(props("r", "3", "3"), NO_ENV))
                .hasMessageContaining("between 0 and 2");
        assertThatThrownBy(() -> InjectorSlice.from(props("r", "three", "0"), NO_ENV))
                .hasMessageContaining("-Dinjector.count=three");
        assertThatThrownBy(() -> InjectorSlice.from(props("a run", "3", "0"), NO_ENV))
                .hasMessageContaining("-Dinjector.run=a run");
        assertThatThrownBy(() -> new InjectorSlice("r", 0, 3).requireScenario("max-rate"))
                .hasMessageContaining("max-rate scenario cannot run as 3 injectors");
    }

    @Test
    void eachInjectorPublishesItsShareOfTheRateInTheSameShape() {
        Workload w = steady().with(new RateProfile.Ramp(300, 3000, Duration.ofSeconds(60)), Duration.ofSeconds(10),
                Duration.ofSeconds(120));
        Workload share = new InjectorSlice("r", 1, 3).share(w);
        assertThat(share.rate()).isEqualTo(new RateProfile.Ramp(100, 1000, Duration.ofSeconds(60)));
        assertThat(share.duration()).isEqualTo(w.duration());
        assertThat(share.warmup()).isEqualTo(w.warmup());
    }

    @Test
    void slicesPartitionTheAggregatesSoNoTwoInjectorsShareOne() {
        for (KeySpace.Distribution d : KeySpace.Distribution.values()) {
            KeySpace all = new KeySpace(1000, d, 1.1, 42);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                KeySpace slice = all.slice(i, 3);
                Set<String> own = new HashSet<>(slice.ids(BoundedContext.ORDER));
                assertThat(own).noneMatch(seen::contains);
                seen.addAll(own);
                SplittableRandom random = new SplittableRandom(i);
                for (int k = 0; k < 2000; k++) {
                    assertThat(own).contains(slice.pick(BoundedContext.ORDER, random));
                }
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(all.ids(BoundedContext.ORDER));
        }
    }

    @Test
    void aZipfSliceKeepsTheLawRestrictedToItsAggregates() {
        KeySpace all = new KeySpace(100, KeySpace.Distribution.zipfian, 1.0, 7);
        KeySpace slice = all.slice(1, 4); // ranks 1, 5, 9, ...: rank 1 weighs 1/2, rank 5 weighs 1/6
        List<String> ids = all.ids(BoundedContext.ORDER);
        SplittableRandom random = new SplittableRandom(1);
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < 100_000; k++) {
            counts.merge(slice.pick(BoundedContext.ORDER, random), 1, Integer::sum);
        }
        double ratio = (double) counts.get(ids.get(1)) / counts.get(ids.get(5));
        assertThat(ratio).isBetween(2.8, 3.2);
    }

    @Test
    void moreInjectorsThanAggregatesIsRefused() {
        assertThatThrownBy(() -> new KeySpace(2, KeySpace.Distribution.uniform, 1, 1).slice(0, 3))
                .hasMessageContaining("aggregatesPerContext");
    }

    @Test
    void eachInjectorStampsItsOwnRunKeySoItsTrackerReadsOnlyItsRecords() {
        InjectorSlice zero = new InjectorSlice("run7", 0, 3);
        InjectorSlice one = new InjectorSlice("run7", 1, 3);
        assertThat(zero.runId("steady")).isEqualTo("run7-i0-steady");
        RecordHeaders headers = new RecordHeaders();
        RunHeaders.of(zero.runKey("steady"), 42).forEach(headers::add);
        assertThat(RunHeaders.sequence(headers, zero.runKey("steady"))).hasValue(42);
        assertThat(RunHeaders.sequence(headers, one.runKey("steady"))).isEmpty();
        assertThat(RunHeaders.sequence(headers, new InjectorSlice("run8", 0, 3).runKey("steady"))).isEmpty();
        assertThat(RunHeaders.sequence(headers, zero.runKey("settle"))).isEmpty();
    }

    private static Workload steady() {
        return new WorkloadLoader(EventTypeRegistry.standard()).load("steady");
    }
}
