package io.pipebench.load.driver.rawkafka;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.harness.Injector;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.testing.SharedKafka;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw-kafka driver on the shared test cluster, through the same harness as the reference system. */
class RawKafkaDriverTest {

    private static final String TOPIC = "pipebench-raw-test";
    private static final Workload SMOKE = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");

    @Test
    void itSendsThePoolsPayloadsWithKeysOfTheRangeAndEveryRecordIsReadBack() throws Exception {
        KafkaCluster cluster = SharedKafka.cluster();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            }
        }
        List<byte[]> pool = List.of(new byte[100], new byte[200], new byte[300]);
        RawKafkaDriver driver = RawKafkaDriver.on(cluster, new RawKafkaDriver.Settings(TOPIC, pool, 10,
                Map.of("source", "raw".getBytes(StandardCharsets.UTF_8))));

        try (Publisher<?> p = driver.publisher(new PublisherSpec("raw-unit", SMOKE, Duration.ofMillis(500)))) {
            for (int i = 0; i < 6; i++) {
                Message<?> m = p.next();
                assertThat(m.destination()).isEqualTo(TOPIC);
                assertThat(Integer.parseInt(m.key())).isBetween(0, 9);
                assertThat((byte[]) m.payload()).hasSize(100 * (i % 3 + 1));
            }
        }

        InjectionPlan plan = new InjectionPlan(List.of(new Segment(20, 100, 2, Segment.Phase.WARMUP),
                Segment.hold(100, 2, Segment.Phase.MEASURE)));
        try (LoadEnvironment env = new LoadEnvironment(driver)) {
            LoadRun.Result r = LoadRun.execute(env, new Injector(Path.of("target/gatling"), 5, Duration.ofMillis(500)),
                    LoadRun.Settings.builder("raw-kafka", SMOKE, plan).readBack().drainTimeout(Duration.ofSeconds(30))
                            .build(), new PrintStream(new ByteArrayOutputStream(), true,
                            StandardCharsets.UTF_8));
            assertThat(r.figures().acked()).isPositive();
            assertThat(r.figures().failed()).isZero();
            assertThat(r.trackerCaughtUp()).isTrue();
            assertThat(r.figures().lost()).isZero();
            assertThat(r.figures().duplicated()).isZero();
            assertThat(r.figures().e2eRead()).isGreaterThanOrEqualTo(r.figures().acked());
        }
    }
}
