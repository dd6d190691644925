package io.pipebench.cli;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs an embedded cluster in the foreground and prints its bootstrap servers, for other tools to use. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start the embedded Kafka cluster, print its bootstrap servers and keep it running until Ctrl-C.",
                "Point other tools at it, e.g. KAFKA_BOOTSTRAP_SERVERS=<printed value> pipebench topics plan "
                        + "--cluster external"})
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--brokers", defaultValue = "3", description = "Number of brokers (default ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--data-dir", description = "Log directories (default: target/embedded-kafka/<id>, deleted on exit).")
    Path dataDir;

    @Option(names = "--apply-topics", defaultValue = "true", negatable = true,
            description = "Create the catalog's topics after start (default ${DEFAULT-VALUE}).")
    boolean applyTopics = true;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder().brokers(brokers);
        if (dataDir != null) {
            builder.dataDirectory(dataDir).deleteOnClose(false);
        }
        long t0 = System.nanoTime();
        EmbeddedKafkaCluster cluster = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "pipebench-cluster-stop"));
        System.out.printf("Embedded cluster up in %d ms (%d brokers).%n", (System.nanoTime() - t0) / 1_000_000, brokers);
        if (applyTopics) {
            Topics.applyAndPrint(cluster, java.util.Optional.empty(), System.out);
        }
        System.out.println("bootstrap.servers=" + cluster.bootstrapServers());
        System.out.println("Running; Ctrl-C stops it.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
