package io.pipebench.cli;

import io.pipebench.cluster.ClusterStartException;
import io.pipebench.cluster.InvalidConnectionSettingsException;
import io.pipebench.store.EventStoreUnavailableException;
import io.pipebench.topics.InvalidCatalogException;
import io.pipebench.topics.TopicPlanner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line of the reference system and its harness. */
@Command(name = "pipebench", mixinStandardHelpOptions = true, version = "pipebench 0.1.0",
        description = {
                "A reference event-driven system for Kafka (AWS MSK) with a PostgreSQL event store, and the harness "
                        + "that measures it.",
                "",
                "Start here: 'pipebench up' starts an embedded 3-broker Kafka cluster, checks the event store, applies "
                        + "the topic catalog and prints the plan.",
                "Every command that needs Kafka takes --cluster embedded|forked|external|container."},
        subcommands = {
                UpCommand.class,
                RunCommand.class,
                ClusterCommand.class,
                TopicsCommand.class,
                DbCommand.class,
                LagCommand.class, AlarmsCommand.class,
                ProfilesCommand.class,
                ProfileCommand.class,
                FaultsCommand.class,
                DlqCommand.class,
                CommandLine.HelpCommand.class
        })
public final class PipebenchCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; known failures print one clear line, not a stack trace. */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, with picocli's output and error writers given (tests). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new PipebenchCli());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidConnectionSettingsException || e instanceof InvalidCatalogException
                    || e instanceof ClusterStartException || e instanceof EventStoreUnavailableException
                    || e instanceof TopicPlanner.TopicsException || e instanceof IllegalArgumentException
                    || e instanceof io.pipebench.consume.DeadLetterPublisher.DeadLetterException) {
                commandLine.getErr().println("pipebench: " + e.getMessage());
                commandLine.getErr().flush();
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
