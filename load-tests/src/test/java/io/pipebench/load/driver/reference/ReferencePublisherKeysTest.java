package io.pipebench.load.driver.reference;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.testing.SharedKafka;
import io.pipebench.workload.KeySpace;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The publisher keys its events by the aggregates its spec gives: an injector's slice, never another's. */
class ReferencePublisherKeysTest {

    @Test
    void anInjectorsPublisherKeysOnlyItsOwnAggregates() throws Exception {
        Workload w = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");
        KeySpace mine = w.keySpace().slice(1, 3);
        Set<String> own = ids(mine);
        Set<String> others = ids(w.keySpace().slice(0, 3));
        others.addAll(ids(w.keySpace().slice(2, 3)));
        Set<String> drawn = new HashSet<>();
        try (ReferenceDriver driver = ReferenceDriver.on(SharedKafka.cluster());
             Publisher<?> p = driver.publisher(new PublisherSpec("keys-unit", w, Duration.ofMillis(500), mine))) {
            for (int i = 0; i < 500; i++) {
                drawn.add(p.next().key());
            }
        }
        assertThat(own).containsAll(drawn);
        assertThat(drawn).hasSizeGreaterThan(10).doesNotContainAnyElementsOf(others);
    }

    private static Set<String> ids(KeySpace keys) {
        Set<String> out = new HashSet<>();
        for (BoundedContext c : BoundedContext.values()) {
            out.addAll(keys.ids(c));
        }
        return out;
    }
}
