package io.pipebench.cli;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.topics.TopicPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Compare a cluster with the topic catalog (plan) or converge it (apply).",
        subcommands = {TopicsCommand.Plan.class, TopicsCommand.Apply.class})
final class TopicsCommand {

    static class CatalogOption {
        @Option(names = "--catalog", paramLabel = "FILE",
                description = "Topic catalog YAML (default: the built-in one, the design document's five topics).")
        Path catalog;
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Show what differs between the cluster and the catalog: missing topics, too few partitions, "
                    + "another replication factor, config drift. Changes nothing.",
                    "Exit code: 0 in sync, 1 changes pending, 2 error."})
    static final class Plan implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;
        @Mixin
        CatalogOption catalog;

        @Override
        public Integer call() {
            try (KafkaCluster c = cluster.open()) {
                System.out.println("Cluster: " + c.describe());
                TopicPlan plan = Topics.plan(c, Optional.ofNullable(catalog.catalog));
                System.out.print(plan.render());
                return plan.converged() ? 0 : 1;
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create missing topics, add partitions and set configs as the catalog says.",
                    "Never deletes or shrinks; a replication-factor change is refused with the reason."})
    static final class Apply implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;
        @Mixin
        CatalogOption catalog;

        @Override
        public Integer call() {
            try (KafkaCluster c = cluster.open()) {
                System.out.println("Cluster: " + c.describe());
                TopicPlan after = Topics.applyAndPrint(c, Optional.ofNullable(catalog.catalog), System.out);
                return after.converged() ? 0 : 1;
            }
        }
    }
}
