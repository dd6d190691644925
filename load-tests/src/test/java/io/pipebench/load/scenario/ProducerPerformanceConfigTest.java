package io.pipebench.load.scenario;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.load.TestKafka;
import io.pipebench.publish.ProducerProfiles;
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

/** ProducerPerformance gets its producer settings, credentials included, from a private file, never its arguments. */
class ProducerPerformanceConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"svc\" password=\"pp-s3cret\";";

    @Test
    void credentialsGoToTheConfigFileNotToTheCommandLine() {
        Map<String, Object> settings = InjectorRatio.producerPerformanceSettings(ProducerProfiles.seed(), Map.of(
                "bootstrap.servers", "b:9096", "security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS));
        assertThat(settings).containsEntry("sasl.jaas.config", JAAS).containsEntry("acks", "all")
                .containsEntry("client.id", "pipebench-producer-performance").doesNotContainKey("bootstrap.servers");
        List<String> args = InjectorRatio.producerPerformanceArgs("b:9096", Path.of("/tmp/x.properties"),
                Path.of("/tmp/payloads.txt"), 1000, -1);
        assertThat(args).containsSequence("--command-config", "/tmp/x.properties")
                .doesNotContain("--command-property", "--producer-props")
                .allSatisfy(a -> assertThat(a).doesNotContain("pp-s3cret").doesNotContain("jaas"));
    }

    @Test
    void producerPerformanceRunsFromTheFileWhichIsGoneAfterwards(@TempDir Path dir) throws Exception {
        EmbeddedKafkaCluster cluster = TestKafka.cluster();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(InjectorRatio.PP_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(InjectorRatio.PP_TOPIC, 3, (short) 3)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        Path payloads = dir.resolve("payloads.txt");
        Files.writeString(payloads, "{\"a\":1}\n{\"b\":2}\n");
        double throughput = InjectorRatio.producerPerformance(cluster.bootstrapServers(),
                cluster.connectionProperties(), ProducerProfiles.seed(), payloads, 2_000, -1);
        assertThat(throughput).isPositive();
        // The file is what ProducerPerformance reads: a bad value in it is refused by its producer.
        Map<String, Object> bad = new java.util.HashMap<>(ProducerProfiles.seed());
        bad.put("acks", "bogus");
        assertThatThrownBy(() -> InjectorRatio.producerPerformance(cluster.bootstrapServers(),
                cluster.connectionProperties(), bad, payloads, 2_000, -1))
                .isInstanceOf(io.pipebench.load.harness.SetupException.class).hasMessageContaining("acks");
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(InjectorRatio.PP_CONFIG_PREFIX));
        }
    }
}
