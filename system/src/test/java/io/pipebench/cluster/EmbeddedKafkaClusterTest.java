package io.pipebench.cluster;

import io.pipebench.testing.SharedKafka;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared test cluster has the document's shape, and the applied topics match the catalog exactly (on the forked
 * cluster too, under {@code -Dcluster=forked}); what only the embedded cluster does is skipped there.
 */
class EmbeddedKafkaClusterTest {

    @Test
    void startsThreeBrokersAndTheAppliedTopicsMatchTheCatalog() throws Exception {
        KafkaCluster cluster = SharedKafka.cluster();
        TopicCatalog catalog = TopicCatalog.standard();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            assertThat(cluster.brokerControl().orElseThrow().brokerIds()).containsExactly(1, 2, 3);

            List<String> names = catalog.topics().stream().map(TopicSpec::name).collect(Collectors.toList());
            assertThat(names).containsExactly("customer-events", "order-events", "payment-events", "inventory-events",
                    "dead-letter-queue");
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).collect(Collectors.toList())).all().get();
            for (TopicSpec spec : catalog.topics()) {
                TopicDescription d = described.get(spec.name());
                assertThat(d.partitions()).as(spec.name() + " partitions").hasSize(spec.partitions());
                assertThat(d.partitions()).as(spec.name() + " replication")
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
            }
            // The document's figures, spelled out so a catalog edit that changes them fails here.
            assertThat(described.get("order-events").partitions()).hasSize(12);
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "payment-events"))
                    .get("retention.ms").value()).isEqualTo("7776000000");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "dead-letter-queue"))
                    .get("retention.ms").value()).isEqualTo("31536000000");
        }
    }

    @Test
    void refusesToControlAnUnknownBroker() {
        EmbeddedKafkaCluster cluster = SharedKafka.embedded();
        assertThatThrownBy(() -> cluster.stopBroker(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No broker 7");
        assertThatThrownBy(() -> cluster.startBroker(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
        // Its brokers are threads of this JVM: process faults need the forked cluster, and say so.
        assertThat(cluster.supportsProcessFaults()).isFalse();
        assertThatThrownBy(() -> cluster.kill(1)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("--cluster forked");
    }

    @Test
    void brokerCountIsValidated() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokers(0))
                .hasMessageContaining("brokers must be between 1 and 9");
    }
}
