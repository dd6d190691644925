package io.pipebench.cli;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlan;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Plan and apply, as the commands print them. */
final class Topics {

    private Topics() {
    }

    static TopicPlan plan(KafkaCluster cluster, Optional<Path> catalogFile) {
        TopicCatalog catalog = TopicCatalog.loadOrStandard(catalogFile);
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            return new TopicPlanner(admin, cluster.describe(), Duration.ofSeconds(30)).plan(catalog);
        }
    }

    /** Applies the catalog, prints what was done and the plan afterwards; returns the plan after applying. */
    static TopicPlan applyAndPrint(KafkaCluster cluster, Optional<Path> catalogFile, PrintStream out) {
        TopicCatalog catalog = TopicCatalog.loadOrStandard(catalogFile);
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            TopicPlanner planner = new TopicPlanner(admin, cluster.describe(), Duration.ofSeconds(30));
            TopicPlan before = planner.apply(catalog);
            out.printf("Applied %d change(s) from %s.%n", before.actionable().size(), catalog.source());
            for (var change : before.actionable()) {
                out.println("  " + change.render());
            }
            TopicPlan after = planner.plan(catalog);
            out.print(after.render());
            return after;
        }
    }
}
