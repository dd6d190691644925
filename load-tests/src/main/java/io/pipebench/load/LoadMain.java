package io.pipebench.load;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.distributed.InjectorSlice;
import io.pipebench.load.distributed.KubernetesCommand;
import io.pipebench.load.distributed.LocalInjectors;
import io.pipebench.load.distributed.MergeCommand;
import io.pipebench.load.driver.kafka.KafkaPublishing;
import io.pipebench.load.harness.LoadConfig;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.scenario.InjectorRatio;
import io.pipebench.load.scenario.MaxRateSearch;
import io.pipebench.load.scenario.StandardScenario;
import io.pipebench.workload.Durations;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The load harness's command: {@code ./mvnw -B -pl load-tests -am verify -Pload [-Dscenario=...]}, or
 * {@code bin/pipebench load --scenario smoke}.
 * Exit code 0: every check held; 1: a check was breached (the message names it, with the observed value and the
 * threshold); 2: the run could not start as configured.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {MergeCommand.class, KubernetesCommand.class}, // scale-out: collect and merge; Indexed Job
        description = {"Load-test the reference system with Gatling: publish a workload's events at its rate, measure "
                + "publish, intended-time and end-to-end latency, lag, loss and duplicates, and judge the run against "
                + "the alarm file and the workload's thresholds.",
                "Results go to results/load/<scenario>/<timestamp>/; Gatling's HTML report to target/gatling."})
public final class LoadMain implements Callable<Integer> {

    @Mixin
    LoadOptions options;

    public static void main(String[] args) {
        int code = new CommandLine(new LoadMain()).execute(args);
        // Kafka's and Gatling's threads must not keep the JVM alive after the verdict.
        System.exit(code);
    }

    @Override
    public Integer call() {
        try (HeapWatch heap = new HeapWatch()) {
            anchorToProjectRoot();
            LoadConfig config = LoadConfig.parse(options); // every option checked once, before anything starts
            AlarmCatalog catalog = AlarmCatalog.loadOrStandard(config.alarms());
            InjectorSlice.current().ifPresent(x -> x.requireScenario(config.label())); // scale-out: what splits
            if (config.injectors() > 1 && InjectorSlice.current().isEmpty()) { // scale-out: N local injectors
                return LocalInjectors.run(options.forInjectors(), config.localInjectors(), workload(config.label()),
                        catalog, System.out);
            }
            return switch (config.scenario()) {
                // Each scenario gets its few values and an opener of its environment; only producers for the ratio.
                case injector_ratio -> InjectorRatio.run(config.injectorRatio(), config.environment(false),
                        workload("steady"), heap, System.out);
                case max_rate -> MaxRateSearch.run(config.maxRateSearch(), config.environment(true),
                        workload("max-rate"), catalog, heap, System.out);
                default -> StandardScenario.run(config.standardScenario(), config.environment(true),
                        workload(config.scenario().label()), catalog, heap, System.out);
            };
        } catch (SetupException | IllegalArgumentException e) {
            System.err.println("pipebench load: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("pipebench load: interrupted");
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("pipebench load: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Maven and bin/pipebench pass the project root ({@code -Dpipebench.root}): relative result folders go there, and
     * a relative workload, alarm or cluster file is found there when it is not in the working directory.
     */
    private void anchorToProjectRoot() {
        String root = System.getProperty("pipebench.root");
        if (root == null || root.isBlank()) {
            return;
        }
        Path r = Path.of(root);
        options.results = options.results.isAbsolute() ? options.results : r.resolve(options.results);
        options.gatlingResults = options.gatlingResults.isAbsolute() ? options.gatlingResults
                : r.resolve("load-tests").resolve(options.gatlingResults);
        options.workload = fromRoot(r, options.workload);
        options.alarms = fromRoot(r, options.alarms);
        options.clusterConfig = fromRoot(r, options.clusterConfig);
    }

    private static String fromRoot(Path root, String file) {
        if (blank(file) == null || Path.of(file).isAbsolute() || java.nio.file.Files.exists(Path.of(file))) {
            return file;
        }
        Path there = root.resolve(file);
        return java.nio.file.Files.exists(there) ? there.toString() : file;
    }

    /** The workload of the run: the file or name given, else the scenario's own, with the options applied. */
    Workload workload(String defaultName) {
        String name = blank(options.workload) != null ? options.workload.trim() : defaultName;
        Workload w = new WorkloadLoader(EventTypeRegistry.standard()).load(name);
        Duration warmup = blank(options.warmup) != null
                ? Durations.parse(LoadOptions.spelling("warmup"), options.warmup) : w.warmup();
        Duration duration = blank(options.duration) != null
                ? Durations.parse(LoadOptions.spelling("duration"), options.duration) : w.duration();
        RateProfile rate = w.rate();
        if (blank(options.rate) != null) {
            double r;
            try {
                r = Double.parseDouble(options.rate.trim());
            } catch (NumberFormatException e) {
                throw LoadOptions.bad("rate", options.rate, "use a number of events per second, e.g. 500");
            }
            if (!(r > 0)) {
                throw LoadOptions.bad("rate", options.rate, "use a number of events per second > 0, e.g. 500");
            }
            rate = new RateProfile.Steady(r);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw LoadOptions.bad("duration", options.duration, "use a duration longer than 0, e.g. 90s");
        }
        w = w.with(rate, warmup, duration);
        Map<String, String> overrides = new LinkedHashMap<>(w.producerOverrides());
        for (String kv : options.producerOverrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                // bin/pipebench only: Maven passes a workload's producerOverrides instead, so there is no -D spelling.
                throw new IllegalArgumentException("--producer-override: '" + kv + "' is not valid; use KEY=VALUE, "
                        + "e.g. linger.ms=5");
            }
            overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        String profile = blank(options.producerProfile) != null ? options.producerProfile.trim() : w.producerProfile();
        KafkaPublishing.check(profile, overrides); // refuses a bad name or property now
        // scale-out: one injector of several publishes its share of the rate (distributed.InjectorSlice)
        Workload whole = w;
        return InjectorSlice.current().map(x -> x.share(whole)).orElse(whole).withProducer(profile, overrides);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
