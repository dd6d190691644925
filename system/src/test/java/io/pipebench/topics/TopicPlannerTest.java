package io.pipebench.topics;

import io.pipebench.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `topics plan` finds each kind of drift on a cluster altered on purpose; `apply` converges, a second apply is a no-op. */
class TopicPlannerTest {

    @Test
    void plansEachKindOfDriftThenApplyConvergesAndASecondApplyChangesNothing() throws Exception {
        String p = "drift-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        TopicCatalog catalog = TopicCatalog.parse(new ByteArrayInputStream(("""
                defaults:
                  replicationFactor: 3
                  configs:
                    min.insync.replicas: "2"
                    compression.type: snappy
                topics:
                  - name: %1$smissing
                    partitions: 3
                  - name: %1$sfew-partitions
                    partitions: 4
                  - name: %1$sconfig-drift
                    partitions: 2
                    configs:
                      retention.ms: "604800000"
                  - name: %1$sreplication
                    partitions: 2
                  - name: %1$stoo-many-partitions
                    partitions: 2
                """).formatted(p).getBytes(StandardCharsets.UTF_8)), "test catalog");

        try (Admin admin = Admin.create(SharedKafka.cluster().connectionProperties())) {
            Map<String, String> good = Map.of("min.insync.replicas", "2", "compression.type", "snappy");
            admin.createTopics(List.of(
                    new NewTopic(p + "few-partitions", 2, (short) 3).configs(good),
                    new NewTopic(p + "config-drift", 2, (short) 3).configs(Map.of(
                            "min.insync.replicas", "1", "compression.type", "gzip", "retention.ms", "3600000",
                            "segment.ms", "86400000")),
                    new NewTopic(p + "replication", 2, (short) 1).configs(Map.of("compression.type", "snappy")),
                    new NewTopic(p + "too-many-partitions", 5, (short) 3).configs(good))).all().get();

            TopicPlanner planner = new TopicPlanner(admin, "test", Duration.ofSeconds(30));
            // Brokers learn of the topics just created asynchronously.
            await().atMost(Duration.ofSeconds(30)).until(() -> planner.plan(catalog).changes().stream()
                    .filter(c -> c instanceof TopicChange.CreateTopic).count() == 1);
            TopicPlan plan = planner.plan(catalog);
            System.out.print(plan.render());

            assertThat(plan.changes()).contains(
                    new TopicChange.CreateTopic(catalog.topic(p + "missing").orElseThrow()),
                    new TopicChange.AddPartitions(p + "few-partitions", 2, 4),
                    new TopicChange.AlterConfig(p + "config-drift", "retention.ms", "3600000", "604800000"),
                    new TopicChange.AlterConfig(p + "config-drift", "compression.type", "gzip", "snappy"),
                    new TopicChange.AlterConfig(p + "config-drift", "min.insync.replicas", "1", "2"),
                    new TopicChange.Unmanaged(p + "config-drift", "segment.ms", "86400000"),
                    new TopicChange.AlterConfig(p + "replication", "min.insync.replicas", "1", "2"));
            assertThat(plan.refused()).extracting(TopicChange::topic, c -> ((TopicChange.Refused) c).field())
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(p + "replication", "replicationFactor"),
                            org.assertj.core.groups.Tuple.tuple(p + "too-many-partitions", "partitions"));
            assertThat(plan.converged()).isFalse();

            TopicPlan applied = planner.apply(catalog);
            assertThat(applied.actionable()).hasSize(plan.actionable().size());

            TopicPlan after = planner.plan(catalog);
            assertThat(after.converged()).as(after.render()).isTrue();
            assertThat(after.refused()).hasSize(2); // apply never changes a replication factor nor shrinks
            assertThat(admin.describeTopics(List.of(p + "few-partitions")).allTopicNames().get()
                    .get(p + "few-partitions").partitions()).hasSize(4);

            TopicPlan second = planner.apply(catalog);
            assertThat(second.actionable()).as("a second apply changes nothing").isEmpty();
            // apply never deletes: the unmanaged override is still there
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, p + "config-drift")))
                    .all().get().values().iterator().next();
            assertThat(config.get("segment.ms").value()).isEqualTo("86400000");
        }
    }

    @Test
    void aConfigChangedBehindTheCatalogsBackIsReportedAsDrift() throws Exception {
        String topic = "drift-" + UUID.randomUUID().toString().substring(0, 6);
        TopicCatalog catalog = TopicCatalog.parse(new ByteArrayInputStream(("""
                topics:
                  - name: %s
                    partitions: 1
                    replicationFactor: 3
                    configs:
                      retention.ms: "1000000"
                """).formatted(topic).getBytes(StandardCharsets.UTF_8)), "test catalog");
        try (Admin admin = Admin.create(SharedKafka.cluster().connectionProperties())) {
            TopicPlanner planner = new TopicPlanner(admin, "test", Duration.ofSeconds(30));
            planner.apply(catalog);
            assertThat(planner.plan(catalog).converged()).isTrue();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "5"), AlterConfigOp.OpType.SET)))).all().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(planner.plan(catalog).actionable())
                    .containsExactly(new TopicChange.AlterConfig(topic, "retention.ms", "5", "1000000")));
        }
    }
}
