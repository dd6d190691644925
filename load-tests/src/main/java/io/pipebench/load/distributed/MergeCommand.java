package io.pipebench.load.distributed;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.load.driver.RunChannel;
import io.pipebench.load.harness.LoadConfig;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.report.RunReport;
import io.pipebench.workload.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pipebench load merge --run ID --injectors N}: waits for every injector of a distributed run to deliver its
 * part through the run topic, writes them under {@code <results>/distributed/<time>/injector-<i>/}, merges them
 * ({@link RunMerge}) and prints the per-injector table and the verdict. Exit 0 PASS, 1 FAIL, 2 an injector missing,
 * failed or silent (named).
 */
@Command(name = "merge", mixinStandardHelpOptions = true, description = {"Collect the parts of a distributed run "
        + "from its run topic (pipebench-run-<run>) on the external cluster (KAFKA_* variables or --cluster-config), "
        + "merge them into one summary.json and verdict."})
public final class MergeCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run id the injectors were given (-Dinjector.run).")
    String run;

    @Option(names = "--injectors", required = true, description = "How many injectors ran (-Dinjector.count).")
    int injectors;

    @Option(names = "--cluster-config", defaultValue = "", description = "Cluster properties file (no credentials).")
    String clusterConfig;

    @Option(names = "--timeout", defaultValue = "2h", description = "How long to wait for the injectors to finish.")
    String timeout;

    @Option(names = "--alarms", defaultValue = "", description = "The alarm file (default: the catalog's).")
    String alarms;

    @Option(names = "--not-applicable", defaultValue = "", paramLabel = "CHECK:REASON;...",
            description = "Checks that cannot be evaluated here, declared not applicable with the reason (printed).")
    String notApplicable;

    @Option(names = "--results", defaultValue = "results/load", description = "Where the merged run folder goes.")
    Path results;

    @Override
    public Integer call() throws Exception {
        // Parsed before the run topic is opened, so a typo fails at once rather than after connecting.
        Duration wait = Durations.parse("--timeout", timeout);
        Map<String, String> declared = LoadConfig.notApplicable("--not-applicable", notApplicable);
        AlarmCatalog catalog = AlarmCatalog.loadOrStandard(Optional.ofNullable(blank(alarms)).map(Path::of));
        try (RunChannel topic = LoadEnvironment.runChannel(Optional.ofNullable(blank(clusterConfig)).map(Path::of),
                run)) {
            return collectAndMerge(topic, injectors, wait, catalog, declared,
                    RunReport.newFolder(results, "distributed", Instant.now()), System.out);
        }
    }

    /**
     * Waits for all parts, writes them into {@code out/injector-<i>/}, merges and prints; 2 (and the injectors named)
     * when a part is missing.
     */
    public static int collectAndMerge(RunChannel topic, int count, Duration timeout, AlarmCatalog catalog,
                                      Map<String, String> notApplicable, Path out, PrintStream print)
            throws InterruptedException, IOException {
        List<RunChannel.Message> read;
        try {
            read = Barrier.awaitDone(topic, count, timeout, Duration.ofSeconds(60));
        } catch (Barrier.InjectorFailure e) {
            print.println("VERDICT: FAIL (" + e.getMessage() + ")");
            System.err.println("distributed run " + topic.run() + " failed: " + e.getMessage());
            return 2;
        }
        List<RunMerge.Part> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path dir = Files.createDirectories(out.resolve("injector-" + i));
            String prefix = Barrier.FILE + "/" + i + "/";
            for (RunChannel.Message m : read) {
                if (m.key().startsWith(prefix)) {
                    Path file = dir.resolve(m.key().substring(prefix.length())).normalize();
                    if (!file.getParent().equals(dir)) {
                        throw new UncheckedIOException(new IOException(m.key() + " leaves the injector's folder"));
                    }
                    Files.write(file, m.value());
                }
            }
            parts.add(RunMerge.read(i, dir));
        }
        RunMerge.Result r = RunMerge.merge(parts, count, catalog, notApplicable, out);
        print.println();
        print.println(RunMerge.render(r.injectors()));
        print.println(r.verdicts().render());
        print.println("Results: " + out.toAbsolutePath());
        if (!r.verdicts().passed()) {
            System.err.println(r.verdicts().failureMessage("distributed " + topic.run()));
            return 1;
        }
        return 0;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
