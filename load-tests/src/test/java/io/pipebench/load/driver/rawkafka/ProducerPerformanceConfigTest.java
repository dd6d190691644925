package io.pipebench.load.driver.rawkafka;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ProducerPerformance gets its producer settings, credentials included, from a private file, never its arguments; its
 * throughput is read from its producer's metrics, not its console.
 */
class ProducerPerformanceConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"svc\" password=\"pp-s3cret\";";

    @Test
    void credentialsGoToTheConfigFileNotToTheCommandLine() {
        Map<String, Object> settings = ProducerPerformanceRun.settings(ProducerProfiles.seed(), Map.of(
                "bootstrap.servers", "b:9096", "security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS));
        assertThat(settings).containsEntry("sasl.jaas.config", JAAS).containsEntry("acks", "all")
                .containsEntry("client.id", "pipebench-producer-performance").doesNotContainKey("bootstrap.servers");
        List<String> args = ProducerPerformanceRun.args("b:9096", Yardstick.TOPIC, Path.of("/tmp/x.properties"),
                Path.of("/tmp/payloads.txt"), 1000, -1);
        assertThat(args).containsSequence("--command-config", "/tmp/x.properties")
                .doesNotContain("--command-property", "--producer-props")
                .allSatisfy(a -> assertThat(a).doesNotContain("pp-s3cret").doesNotContain("jaas"));
    }

    @Test
    void producerPerformanceRunsFromTheFileWhichIsGoneAfterwards(@TempDir Path dir) throws Exception {
        EmbeddedKafkaCluster cluster = SharedKafka.cluster();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Yardstick.TOPIC)) {
                admin.createTopics(List.of(new NewTopic(Yardstick.TOPIC, 3, (short) 3)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        Path payloads = dir.resolve("payloads.txt");
        Files.writeString(payloads, "{\"a\":1}\n{\"b\":2}\n");
        double throughput = ProducerPerformanceRun.run(cluster.bootstrapServers(),
                cluster.connectionProperties(), ProducerProfiles.seed(), Yardstick.TOPIC, payloads, 20_000, 20_000);
        assertThat(throughput).isPositive();
        // Steady state from the samples: the records after the warm-up over the time they took.
        assertThat(ProducerPerformanceRun.SendCounter.steadyRate(List.of(new long[] {0, 100}, new long[] {1_000_000_000L,
                400}, new long[] {2_000_000_000L, 1_400}, new long[] {3_000_000_000L, 1_400}), 300)).isEqualTo(1000.0);
        assertThatThrownBy(() -> ProducerPerformanceRun.SendCounter.steadyRate(List.of(), 300))
                .hasMessageContaining("-DppRecords");
        // The file is what ProducerPerformance reads: a bad value in it is refused by its producer.
        Map<String, Object> bad = new java.util.HashMap<>(ProducerProfiles.seed());
        bad.put("acks", "bogus");
        assertThatThrownBy(() -> ProducerPerformanceRun.run(cluster.bootstrapServers(),
                cluster.connectionProperties(), bad, Yardstick.TOPIC, payloads, 2_000, -1))
                .isInstanceOf(io.pipebench.load.harness.SetupException.class).hasMessageContaining("acks");
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(ProducerPerformanceRun.CONFIG_PREFIX));
        }
    }
}
