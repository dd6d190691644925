package io.pipebench.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Compares a {@link TopicCatalog} with a cluster ({@link #plan}) and converges the cluster ({@link #apply}).
 * Apply creates missing topics, adds partitions and sets configs; it never deletes a topic or a config, never
 * shrinks, and never changes a replication factor (that is a partition reassignment, not a config).
 */
public final class TopicPlanner {

    private final Admin admin;
    private final String clusterName;
    private final Duration timeout;

    public TopicPlanner(Admin admin, String clusterName, Duration timeout) {
        this.admin = admin;
        this.clusterName = clusterName;
        this.timeout = timeout;
    }

    public TopicPlan plan(TopicCatalog catalog) {
        int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
        catalog.validateFor(brokers);

        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<String> present = catalog.topics().stream().map(TopicSpec::name).filter(existing::contains)
                .collect(Collectors.toList());
        Map<String, TopicDescription> descriptions = present.isEmpty() ? Map.of()
                : await(admin.describeTopics(present).allTopicNames(), "describe topics");
        Map<ConfigResource, Config> configs = present.isEmpty() ? Map.of()
                : await(admin.describeConfigs(present.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).collect(Collectors.toList())).all(),
                "describe topic configs");

        List<String> inSync = new ArrayList<>();
        List<TopicChange> changes = new ArrayList<>();
        for (TopicSpec spec : catalog.topics()) {
            if (!existing.contains(spec.name())) {
                changes.add(new TopicChange.CreateTopic(spec));
                continue;
            }
            List<TopicChange> topicChanges = diff(spec, descriptions.get(spec.name()),
                    configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())));
            if (topicChanges.stream().noneMatch(c -> !(c instanceof TopicChange.Unmanaged))) {
                inSync.add(spec.name());
            }
            changes.addAll(topicChanges);
        }
        return new TopicPlan(clusterName, inSync, changes);
    }

    private static List<TopicChange> diff(TopicSpec spec, TopicDescription description, Config config) {
        List<TopicChange> changes = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions < spec.partitions()) {
            changes.add(new TopicChange.AddPartitions(spec.name(), partitions, spec.partitions()));
        } else if (partitions > spec.partitions()) {
            changes.add(new TopicChange.Refused(spec.name(), "partitions", String.valueOf(partitions),
                    String.valueOf(spec.partitions()), "Kafka cannot remove partitions; lower nothing, or recreate the "
                    + "topic yourself (data loss)"));
        }
        int replication = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (replication != spec.replicationFactor()) {
            changes.add(new TopicChange.Refused(spec.name(), "replicationFactor", String.valueOf(replication),
                    String.valueOf(spec.replicationFactor()), "a replication change is a partition reassignment; "
                    + "run kafka-reassign-partitions.sh, then plan again"));
        }
        Map<String, ConfigEntry> actual = new HashMap<>();
        for (ConfigEntry e : config.entries()) {
            actual.put(e.name(), e);
        }
        spec.configs().forEach((key, wanted) -> {
            ConfigEntry entry = actual.get(key);
            String current = entry == null ? null : entry.value();
            if (!wanted.equals(current)) {
                changes.add(new TopicChange.AlterConfig(spec.name(), key, current, wanted));
            }
        });
        for (ConfigEntry e : config.entries()) {
            if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && !spec.configs().containsKey(e.name())) {
                changes.add(new TopicChange.Unmanaged(spec.name(), e.name(), e.isSensitive() ? "(sensitive)" : e.value()));
            }
        }
        return changes;
    }

    /** Makes the plan's actionable changes and returns the plan it acted on. */
    public TopicPlan apply(TopicCatalog catalog) {
        TopicPlan plan = plan(catalog);
        List<NewTopic> creates = new ArrayList<>();
        Map<String, NewPartitions> grows = new LinkedHashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alters = new LinkedHashMap<>();
        for (TopicChange change : plan.actionable()) {
            if (change instanceof TopicChange.CreateTopic c) {
                creates.add(new NewTopic(c.spec().name(), c.spec().partitions(), (short) c.spec().replicationFactor())
                        .configs(c.spec().configs()));
            } else if (change instanceof TopicChange.AddPartitions g) {
                grows.put(g.topic(), NewPartitions.increaseTo(g.wanted()));
            } else if (change instanceof TopicChange.AlterConfig a) {
                alters.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, a.topic()), k -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(a.key(), a.wanted()), AlterConfigOp.OpType.SET));
            }
        }
        if (!creates.isEmpty()) {
            try {
                await(admin.createTopics(creates).all(), "create topics");
            } catch (TopicsException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        if (!grows.isEmpty()) {
            await(admin.createPartitions(grows).all(), "add partitions");
        }
        if (!alters.isEmpty()) {
            await(admin.incrementalAlterConfigs(alters).all(), "alter topic configs");
        }
        if (!plan.converged()) {
            awaitConverged(catalog);
        }
        return plan;
    }

    /**
     * Brokers learn of new topics, partitions and configs from the controller asynchronously; wait until a fresh
     * plan shows nothing left to do, so that whoever runs next (a producer, a second apply) sees the result.
     */
    private void awaitConverged(TopicCatalog catalog) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TopicPlan now = planWhileMetadataSettles(catalog);
        while (now == null || !now.converged()) {
            if (System.nanoTime() > deadline) {
                throw new TopicsException("The cluster " + clusterName + " did not reflect the applied changes within "
                        + timeout.toSeconds() + " s; still pending: "
                        + (now == null ? "a created topic unknown to the broker asked" : now.actionable()), null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicsException("Interrupted while waiting for the applied changes", e);
            }
            now = planWhileMetadataSettles(catalog);
        }
    }

    /**
     * Null while the topic list (from one broker) names a topic another broker does not host yet: describeTopics
     * then fails with UnknownTopicOrPartition for a few milliseconds after a create. That is "not converged", not
     * an error.
     */
    private TopicPlan planWhileMetadataSettles(TopicCatalog catalog) {
        try {
            return plan(catalog);
        } catch (TopicsException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicsException("Could not " + what + " on " + clusterName + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new TopicsException("Could not " + what + " on " + clusterName + " within " + timeout.toSeconds()
                    + " s: is the cluster reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicsException("Interrupted while trying to " + what, e);
        }
    }

    /** An Admin call failed or timed out. */
    public static final class TopicsException extends RuntimeException {
        TopicsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
