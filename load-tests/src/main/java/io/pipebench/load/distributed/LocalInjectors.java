package io.pipebench.load.distributed;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.load.driver.InjectorHost;
import io.pipebench.load.driver.RunChannel;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.workload.Workload;
import io.pipebench.load.report.RunReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --injectors N} here, without Kubernetes: this JVM hosts the embedded cluster; N child JVMs run the same
 * harness as the pods of the Indexed Job would, with {@code -Dinjector.index=i} in place of
 * {@code JOB_COMPLETION_INDEX}, against it as an external cluster. Injector 0 also runs the consumer groups and
 * observes lag, dead letters and failures. This JVM then collects and merges as {@code pipebench load merge} does.
 * A child that exits before delivering its part is reported failed on its behalf, so the others stop waiting and the
 * run fails naming it.
 */
public final class LocalInjectors {

    /** The JVM property that sets each local injector's heap; the wiring reads it. */
    public static final String HEAP_PROPERTY = "injector.heap";
    public static final String DEFAULT_HEAP = "768m";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private LocalInjectors() {
    }

    /**
     * What a local scale-out run takes of the configuration, and no more; the wiring builds it
     * ({@code harness.LoadConfig#localInjectors}).
     *
     * @param label         the scenario's label, which must be one that splits across injectors
     * @param count         how many injector processes
     * @param results       where the merged run folder goes
     * @param logs          where each run's folder of injector logs, results and Gatling reports goes
     * @param kill          one injector to kill on purpose
     * @param notApplicable the checks declared not applicable in the merged verdict, with the reason
     * @param heap          each injector's maximum heap, as {@code -Xmx} takes it ({@value #HEAP_PROPERTY} on this
     *                      JVM, else {@value #DEFAULT_HEAP})
     * @param consumerProfile the consumer groups' profile this run resolved: injector 0 runs them as this one would
     */
    public record Settings(String label, int count, Path results, Path logs, Optional<Kill> kill,
                           Map<String, String> notApplicable, String heap, String consumerProfile) {

        public Settings {
            notApplicable = Map.copyOf(notApplicable);
        }
    }

    /** {@code -Dinjectors.kill=2@60s}: kill local injector 2 a minute after launch (the merge must name it). */
    public record Kill(int injector, Duration after) {
    }

    /**
     * @param given the options as given that each injector repeats ({@code harness.LoadOptions#forInjectors})
     * @param s     what the run takes of the configuration
     */
    public static int run(List<String> given, Settings s, Workload w, AlarmCatalog catalog, PrintStream out)
            throws InterruptedException, IOException {
        int n = s.count();
        new InjectorSlice("local", 0, n).requireScenario(s.label());
        Duration planned = w.warmup().plus(w.duration());
        String run = s.label() + "-" + STAMP.format(Instant.now()).toLowerCase(Locale.ROOT);
        Path out0 = RunReport.newFolder(s.results(), "distributed", Instant.now());
        Path logs = Files.createDirectories(s.logs().resolve(run));
        // Injector 0's consumers store into a schema of the run's own, dropped with the host like a single run's.
        try (InjectorHost host = LoadEnvironment.injectorHost(w, out)) {
            out.printf("[distributed] run %s: %d injectors against %s; logs in %s%n", run, n, host.describe(), logs);
            List<Process> children = new ArrayList<>();
            try (RunChannel topic = host.runChannel(run)) {
                for (int i = 0; i < n; i++) {
                    children.add(start(given, s, run, i, host.environment(i == 0), logs));
                }
                for (int i = 0; i < n; i++) {
                    watch(topic, i, children.get(i));
                }
                s.kill().ifPresent(k -> killLater(k, children, out)); // -Dinjectors.kill, a fault on purpose
                // The injectors' own barrier bounds the start; after it, the plan plus settling and draining.
                Duration timeout = InjectorRun.JOIN_TIMEOUT.plus(planned).plus(Duration.ofMinutes(10));
                return MergeCommand.collectAndMerge(topic, n, timeout, catalog, s.notApplicable(), out0, out);
            } finally {
                children.forEach(Process::destroyForcibly); // before the host's cluster goes
            }
        }
    }

    /**
     * One injector: this JVM's class path and the run's options, against the embedded cluster as external. The load
     * options come from {@code given} and the settings; the JVM properties read here are not load options but what
     * the child JVM must share with this one: its Java and class path, the project root the launcher set, and a fault
     * on purpose of the system's (read by the system's own code in each JVM).
     */
    static Process start(List<String> given, Settings s, String run, int index, Map<String, String> host, Path logs)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + s.heap(), "-XX:-HeapDumpOnOutOfMemoryError",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-D" + InjectorSlice.RUN + "=" + run, "-D" + InjectorSlice.COUNT + "=" + s.count(),
                "-D" + InjectorSlice.INDEX + "=" + index));
        String root = System.getProperty("pipebench.root");
        if (root != null && !root.isBlank()) {
            cmd.add("-Dpipebench.root=" + root);
        }
        // A fault on purpose reaches the injectors that run its stage: publish in every one, a group or the store
        // only in injector 0, which hosts the consumers (the others would refuse a stage they do not run).
        String slowdown = System.getProperty(io.pipebench.faults.Slowdown.PROPERTY, "").trim();
        if (!slowdown.isEmpty() && (index == 0 || slowdown.toLowerCase(java.util.Locale.ROOT).startsWith("publish:"))) {
            cmd.add("-D" + io.pipebench.faults.Slowdown.PROPERTY + "=" + slowdown);
        }
        // An unset --consumer-profile falls back to -DconsumerProfile on the JVM: the children get the profile this
        // run resolved (the option, else the parent's property, else seed), so injector 0 runs the groups as asked.
        cmd.add("-DconsumerProfile=" + s.consumerProfile());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pipebench.load.LoadMain"));
        cmd.addAll(given);
        cmd.addAll(List.of("--cluster=external", "--start-consumers=" + (index == 0),
                "--results=" + logs.resolve("injector-" + index).toAbsolutePath(),
                "--gatling-results=" + logs.resolve("gatling-" + index).toAbsolutePath()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve("injector-" + index + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KAFKA_"));
        env.putAll(host);
        return pb.start();
    }

    /** Reports a child that exits before delivering its part as failed, naming its exit code. */
    static void watch(RunChannel topic, int index, Process p) {
        p.onExit().thenAccept(done -> {
            int code = done.exitValue();
            try {
                List<RunChannel.Message> read = topic.readUntil(
                        m -> RunMessages.indices(m, Barrier.DONE).contains(index), Duration.ofSeconds(5));
                if (!RunMessages.indices(read, Barrier.DONE).contains(index)) {
                    Barrier.failed(topic, index, "its process (pid " + done.pid() + ") exited with code " + code
                            + (code == 137 || code == 9 ? " (killed)" : "") + " before delivering its results");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the run topic is gone: the merge is over
            }
        });
    }

    private static void killLater(Kill kill, List<Process> children, PrintStream out) {
        int index = kill.injector();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(kill.after().toSeconds() * 1000);
                out.printf("[distributed] killing injector %d (pid %d) on purpose%n", index, children.get(index).pid());
                children.get(index).destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kill-injector");
        t.setDaemon(true);
        t.start();
    }
}
