package io.pipebench.cli;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.faults.CampaignSummary;
import io.pipebench.faults.FaultKind;
import io.pipebench.faults.FaultRun;
import io.pipebench.faults.FaultRunOptions;
import io.pipebench.faults.FaultRunReport;
import io.pipebench.store.EventStoreSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Crashes and outages under load, counted to the event store (issue 14).",
        subcommands = {FaultsCommand.Run.class, FaultsCommand.Summarize.class})
final class FaultsCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the reference system under load, inject one fault in the middle, end it, wait for the "
                    + "groups to catch up, and reconcile every acknowledged event with the event store (by event id) "
                    + "and with each group. Writes <out>/<run id>.json.",
                    "Faults: ${COMPLETION-CANDIDATES}.",
                    "Kafka process faults start a forked cluster (--cluster forked, the default for them); the others "
                            + "an embedded one. The event store comes from EVENTSTORE_* (a fresh schema per run).",
                    "Exit code: 0 PASS (0 lost, 0 duplicate rows, 0 dead letters, drained, recovered), 1 FAIL, "
                            + "2 error.",
                    "Example: pipebench faults run --fault sigkill-leader --rate 200 --seconds 60 --out target/faults"})
    static final class Run implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--fault", required = true, paramLabel = "NAME", completionCandidates = Faults.class,
                description = "The fault: ${COMPLETION-CANDIDATES}.")
        String fault;

        @Option(names = "--rate", defaultValue = "200", paramLabel = "EVENTS_PER_S",
                description = "Publish rate (default ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--seconds", defaultValue = "60", paramLabel = "S",
                description = "How long to publish (default ${DEFAULT-VALUE}).")
        long seconds;

        @Option(names = "--fault-at", defaultValue = "20", paramLabel = "S",
                description = "Seconds after publishing starts to inject the fault (default ${DEFAULT-VALUE}).")
        long faultAt;

        @Option(names = "--fault-seconds", paramLabel = "S",
                description = "How long the fault lasts before it is ended (default: the fault's own, e.g. 10 s for "
                        + "a SIGKILL, 30 s for postgres-stop-30s).")
        Long faultSeconds;

        @Option(names = "--drain-timeout", defaultValue = "180", paramLabel = "S",
                description = "How long to wait for the groups to catch up after publishing (default ${DEFAULT-VALUE}).")
        long drainTimeout;

        @Option(names = "--out", defaultValue = "target/faults", paramLabel = "DIR",
                description = "Where the run's JSON goes (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--sabotage", defaultValue = "none", paramLabel = "WHAT",
                description = "Break the run on purpose to see the verdict fail: none (default), delete-stored-row, "
                        + "poison-record.")
        String sabotage;

        @Option(names = "--allow-shared-database",
                description = "Let postgres-read-only alter the shared 'pipebench' database (refused by default).")
        boolean allowSharedDatabase;

        @Option(names = "--start-timeout", defaultValue = "180", paramLabel = "S",
                description = "How long a forked node may take to start or restart (default ${DEFAULT-VALUE}; the "
                        + "cluster's usual 60 s is short on a loaded machine, and a restart is part of the fault).")
        long startTimeout;

        /** As the other commands open it, but a forked cluster with a start timeout fit for a busy machine. */
        private KafkaCluster open() {
            if (cluster.kind() != ClusterOptions.Kind.forked) {
                return cluster.open();
            }
            cluster.security(); // a secured --security is refused here too, not ignored
            return cluster.forkedBuilder().startTimeout(Duration.ofSeconds(startTimeout)).start();
        }

        @Override
        public Integer call() throws Exception {
            FaultKind kind = FaultKind.named(fault);
            boolean chosen = spec.commandLine().getParseResult().hasMatchedOption("--cluster");
            if (!chosen && kind.needsForkedCluster()) {
                cluster.kind = ClusterOptions.Kind.forked;
            }
            if (!cluster.kind().owned()) {
                throw new IllegalArgumentException("--cluster " + cluster.kind() + ": a fault run starts its own "
                        + "cluster; use --cluster embedded or forked");
            }
            FaultRunOptions options = new FaultRunOptions(kind, rate, Duration.ofSeconds(seconds),
                    Duration.ofSeconds(faultAt), faultSeconds == null ? kind.defaultDuration()
                    : Duration.ofSeconds(faultSeconds), Duration.ofSeconds(drainTimeout), out,
                    FaultRunOptions.Sabotage.named(sabotage), allowSharedDatabase);
            EventStoreSettings store = EventStoreSettings.fromEnvironment();
            try (KafkaCluster c = open()) {
                FaultRunReport report = new FaultRun(c, cluster.kind().name(), store, options, System.out).run();
                return report.passed() ? 0 : 1;
            }
        }
    }

    @Command(name = "summarize", mixinStandardHelpOptions = true,
            description = {"Write <dir>/summary.json from the run files in <dir>: every run (fault, acked, stored, "
                    + "lost, duplicates, deadLetteredByFault, recoverySeconds) and the recovery spread per fault; "
                    + "<dir>/summary.md, a table per fault, and <dir>/recovery.png, every run's recovery time.",
                    "Exit code: 0 when every run passed, 1 otherwise."})
    static final class Summarize implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "The folder of the run files.")
        Path dir;

        @Override
        public Integer call() {
            CampaignSummary summary = CampaignSummary.read(dir);
            List<Path> written = summary.writeAll(dir);
            System.out.println(summary.toJson().get("recoveryByFault").toPrettyString());
            System.out.print(summary.toMarkdown());
            System.out.printf("%d run(s), %d passed; wrote %s%n", summary.runs().size(),
                    summary.runs().stream().filter(FaultRunReport::passed).count(),
                    String.join(", ", written.stream().map(Path::toString).toList()));
            return summary.allPassed() ? 0 : 1;
        }
    }

    static final class Faults extends java.util.ArrayList<String> {
        Faults() {
            super(FaultKind.ids());
        }
    }
}
