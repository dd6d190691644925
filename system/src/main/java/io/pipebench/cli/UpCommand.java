package io.pipebench.cli;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.store.EventStoreSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Brings the pieces up once: cluster, database, topics; prints what it found. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start (or reach) the Kafka cluster, check the event store, apply the topic catalog and print "
                + "the plan. Exits when done; the embedded cluster stops with it."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Topic catalog YAML (default: built-in).")
    Path catalog;

    @Override
    public Integer call() throws Exception {
        System.out.println(DbCommand.describe(EventStoreSettings.fromEnvironment()));
        long t0 = System.nanoTime();
        try (KafkaCluster c = cluster.open()) {
            System.out.printf("Kafka: %s (ready in %d ms)%n", c.describe(), (System.nanoTime() - t0) / 1_000_000);
            var plan = Topics.applyAndPrint(c, Optional.ofNullable(catalog), System.out);
            return plan.converged() ? 0 : 1;
        }
    }
}
