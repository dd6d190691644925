package io.pipebench.benchmarks.injector;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.benchmarks.injector.InjectorSendBenchmark.Path;
import io.pipebench.benchmarks.injector.InjectorSendBenchmark.SendPath;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.workload.EventSequence;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The two paths InjectorSendBenchmark compares make the same records: same topic, key, JSON and header bytes. */
class InjectorSendPathTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();

    @Test
    void beforeAndAfterMakeTheSameRecordFromTheSameEvent() {
        Workload w = new WorkloadLoader(REGISTRY).load("max-rate");
        EventSequence sequence = new EventSequence(w.eventMix(REGISTRY), w.keySpace(), REGISTRY, w.seed(),
                Clock.systemUTC());
        SendPath before = new SendPath(Path.before, REGISTRY);
        SendPath after = new SendPath(Path.after, REGISTRY);
        for (int i = 0; i < 5_000; i++) {
            DomainEvent event = sequence.next();
            assertThat(parts(after.record(event, i))).isEqualTo(parts(before.record(event, i)));
        }
    }

    @Test
    void everyBenchmarkMethodRunsOnBothPaths() {
        for (Path path : Path.values()) {
            InjectorSendBenchmark b = new InjectorSendBenchmark();
            b.path = path;
            b.workload = "max-rate";
            b.setUp();
            assertThat(b.sendPath().headers().toArray()).hasSize(8); // 7 of the first event of a flow + the run's
            assertThat(b.nextEvent()).isNotNull();
            assertThat(b.encode()).isNotEmpty();
            assertThat(b.headers().toArray()).hasSize(8);
            assertThat(new String(b.occurredOn())).endsWith("Z");
            assertThat(b.threadCpuRead()).isPositive();
            assertThat(b.cpuNanos).as("the first send (number 0) is timed on both paths").isPositive();
        }
    }

    private static List<String> parts(ProducerRecord<String, byte[]> record) {
        List<String> out = new ArrayList<>(List.of(record.topic(), record.key(), new String(record.value())));
        for (Header h : record.headers()) {
            out.add(h.key() + "=" + Arrays.toString(h.value()));
        }
        return out;
    }
}
