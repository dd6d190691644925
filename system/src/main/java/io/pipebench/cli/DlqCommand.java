package io.pipebench.cli;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.DeadLetterRedrive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "The dead-letter topic: send dead letters of a chosen reason back to their topics.",
        subcommands = {DlqCommand.Redrive.class})
final class DlqCommand {

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Send the dead letters of one reason back to the topics they came from (header "
                    + "dlq-original-topic), with their key, value and original headers; a pointer letter from the "
                    + "original record at its offset. Only letters since the last redrive of that reason are sent "
                    + "(group pipebench-dlq-redrive-<reason>).",
                    "Reasons: non-retryable, decoding:<why> (and retries-exhausted in older letters), as the dlq-reason header says.",
                    "Exit code: 0 all sent (or listed with --dry-run), 1 some letters could not be sent back, "
                            + "2 error.",
                    "Example: pipebench dlq redrive --cluster external --reason non-retryable --dry-run"})
    static final class Redrive implements Callable<Integer> {

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--reason", required = true, paramLabel = "REASON",
                description = "The dlq-reason of the letters to send back.")
        String reason;

        @Option(names = "--dry-run", description = "Only count what would be sent; send and commit nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            try (KafkaCluster c = cluster.open()) {
                System.out.println("Kafka: " + c.describe());
                DeadLetterRedrive.Result r = new DeadLetterRedrive(c.connectionProperties()).redrive(reason, dryRun);
                System.out.printf("%d dead letter(s) with reason '%s' since the last redrive; %s %s%n", r.matched(),
                        reason, r.dryRun() ? "would send" : "sent", r.perTopic().isEmpty() ? "none" : r.perTopic());
                r.skipped().forEach(s -> System.out.println("  not sent back: " + s));
                return r.skipped().isEmpty() ? 0 : 1;
            }
        }
    }
}
