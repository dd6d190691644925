package io.pipebench.load.harness;

import io.pipebench.load.driver.reference.ReferenceDriver;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load harness's options as given. Maven passes them from {@code -D} properties (see load-tests/pom.xml, profile
 * {@code load}); {@code bin/pipebench} passes them as arguments. A blank value means "not given". They are parsed
 * once, into {@link LoadConfig}, which is what the harness's parts take; the fields stay public for picocli and
 * for tests. Numbers are text here too, so a bad one is refused by LoadConfig naming both spellings, not by picocli
 * naming only {@code --x}.
 */
public final class LoadOptions {

    /**
     * The deployed system's group ids, comma-separated, for a command option's default (a compile-time constant, as
     * an annotation's must be): the reference driver's, named here in the wiring so that {@code distributed/} need not.
     */
    public static final String DOCUMENT_GROUP_IDS = ReferenceDriver.DOCUMENT_GROUP_IDS;

    public enum Scenario {
        steady, smoke, peak, max_rate, soak, broker_failure, injector_ratio;

        public String label() {
            return name().replace('_', '-');
        }

        static Scenario parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Scenario s : values()) {
                if (s.name().equals(t)) {
                    return s;
                }
            }
            throw bad("scenario", text, "use one of " + Arrays.stream(values()).map(Scenario::label).toList());
        }
    }

    @Option(names = "--scenario", defaultValue = "steady", paramLabel = "NAME",
            description = "steady (default), smoke, peak, max-rate, soak, broker-failure or injector-ratio.")
    public String scenario = "steady";

    @Option(names = "--workload", defaultValue = "", paramLabel = "NAME|FILE",
            description = "A workload file, or a built-in name; default: the scenario's own workload.")
    public String workload = "";

    @Option(names = "--duration", defaultValue = "", paramLabel = "DURATION",
            description = "Measured duration, e.g. 90s or 2h (soak: the bound of the run; max-rate: each step).")
    public String duration = "";

    @Option(names = "--warmup", defaultValue = "", paramLabel = "DURATION", description = "Warm-up before measuring.")
    public String warmup = "";

    @Option(names = "--rate", defaultValue = "", paramLabel = "EVENTS_PER_S",
            description = "A steady rate instead of the workload's profile (max-rate: the first step's rate).")
    public String rate = "";

    @Option(names = "--cluster", defaultValue = "embedded", paramLabel = "KIND",
            description = "embedded (default: 3 brokers in this JVM), forked (3 brokers and a controller as child "
                    + "JVMs, for process faults), external (MSK: --cluster-config, KAFKA_*) or container (one "
                    + "Testcontainers broker; needs Docker).")
    public String cluster = "embedded";

    @Option(names = "--security", defaultValue = "", paramLabel = "NAME",
            description = "The embedded cluster's client listener: plaintext (default, or -Dsecurity on the JVM), "
                    + "scram-tls (MSK's SASL_SSL: SCRAM-SHA-512 over TLS) or mtls (MSK's TLS listener with client "
                    + "certificates).")
    public String security = "";

    @Option(names = "--cluster-config", defaultValue = "", paramLabel = "FILE",
            description = "Properties file of the external cluster; KAFKA_* variables override or complete it.")
    public String clusterConfig = "";

    @Option(names = "--producer-profile", defaultValue = "", paramLabel = "NAME",
            description = "seed or tuned; default: the workload's.")
    public String producerProfile = "";

    @Option(names = "--consumer-profile", defaultValue = "", paramLabel = "NAME",
            description = "The consumer groups' settings in this JVM: seed (default, the design document's) or tuned.")
    public String consumerProfile = "";

    @Option(names = "--producer-override", paramLabel = "KEY=VALUE", description = "A producer property (repeatable).")
    public List<String> producerOverrides = new ArrayList<>();

    @Option(names = "--max-block-ms", defaultValue = "500", paramLabel = "MS",
            description = "Bound of send() blocking Gatling's event loop (default ${DEFAULT-VALUE}).")
    public String maxBlockMs = "500";

    @Option(names = "--start-consumers", defaultValue = "", paramLabel = "true|false",
            description = "Run the reference system's consumer groups in this JVM (default: yes embedded, no external).")
    public String startConsumers = "";

    @Option(names = "--real-groups", defaultValue = "false", paramLabel = "true|false",
            description = "With --start-consumers on an external cluster, run the consumers as the system's own "
                    + "genai-demo-<name> groups (committing offsets for them) instead of run-scoped "
                    + "pipebench-harness-<run>-<name> groups.")
    public String realGroups = "false";

    @Option(names = "--groups", defaultValue = "", paramLabel = "ID,...",
            description = "Consumer group ids to monitor on an external cluster (default: the workload's groups as "
                    + "genai-demo-<name>).")
    public String groups = "";

    @Option(names = "--apply-topics", defaultValue = "false", paramLabel = "true|false",
            description = "Create missing catalog topics on an external cluster instead of refusing to start.")
    public String applyTopics = "false";

    @Option(names = "--alarms", defaultValue = "", paramLabel = "FILE",
            description = "The alarm file (default: the built-in catalog/alarms.yaml).")
    public String alarms = "";

    @Option(names = "--results", defaultValue = "results/load", paramLabel = "DIR",
            description = "Where run folders go (default ${DEFAULT-VALUE}).")
    public Path results = Path.of("results/load");

    @Option(names = "--gatling-results", defaultValue = "target/gatling", paramLabel = "DIR",
            description = "Where Gatling's own HTML reports go (default ${DEFAULT-VALUE}).")
    public Path gatlingResults = Path.of("target/gatling");

    @Option(names = "--progress-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between progress lines (default ${DEFAULT-VALUE}).")
    public String progressEvery = "5";

    @Option(names = "--keep-event-store", defaultValue = "false", paramLabel = "true|false",
            description = "Keep the run's event-store schema (embedded runs use a fresh one and drop it).")
    public String keepEventStore = "false";

    @Option(names = "--settle", defaultValue = "120s", paramLabel = "DURATION",
            description = "Before measuring, publish until the consumer groups' lag settles, at most this long "
                    + "(default ${DEFAULT-VALUE}; 0s skips).")
    public String settle = "120s";

    @Option(names = "--max-steps", defaultValue = "12", paramLabel = "N", description = "max-rate: at most N steps.")
    public String maxSteps = "12";

    @Option(names = "--max-time", defaultValue = "30m", paramLabel = "DURATION",
            description = "max-rate: stop starting steps after this long.")
    public String maxTime = "30m";

    @Option(names = "--step-factor", defaultValue = "1.5", paramLabel = "X",
            description = "max-rate: multiply the rate by this while every check holds.")
    public String stepFactor = "1.5";

    @Option(names = "--precision", defaultValue = "0.10", paramLabel = "FRACTION",
            description = "max-rate: bisect until (first bad - last good) / last good is at most this.")
    public String precision = "0.10";

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "injector-ratio: rounds of ProducerPerformance, the send action and the publisher alone "
                    + "(A/B: odd rounds run ProducerPerformance first, even ones the publisher; an even number "
                    + "balances the order, the default 3 does not).")
    public String rounds = "3";

    @Option(names = "--pp-records", defaultValue = "0", paramLabel = "N",
            description = "injector-ratio: records per ProducerPerformance run (default: about 25 s worth).")
    public String ppRecords = "0";

    @Option(names = "--hold", defaultValue = "", paramLabel = "DURATION",
            description = "peak and max-rate: how long a rate must last to count as held (default: the lag and latency "
                    + "alarms' period, 300 s; a shorter hold is printed as such).")
    public String hold = "";

    @Option(names = "--consumer-metrics", defaultValue = "", paramLabel = "URL",
            description = "Consumers running elsewhere: their Prometheus endpoint (e.g. http://host:9404/metrics), "
                    + "read for processing failures instead of reporting them as not observed.")
    public String consumerMetrics = "";

    @Option(names = "--not-applicable", defaultValue = "", paramLabel = "CHECK:REASON;...",
            description = "Checks that cannot be evaluated here, each with the reason printed in the verdict table "
                    + "(e.g. message-processing-failures:alarmed in CloudWatch where the consumers run). Without it, "
                    + "a check that could not be evaluated fails the run.")
    public String notApplicable = "";

    // scale-out (distributed.LocalInjectors)
    @Option(names = "--injectors", defaultValue = "1", paramLabel = "N",
            description = "Run N injector processes against one embedded cluster, each at 1/N of the rate over its own "
                    + "aggregates, started together, and merge their results into one verdict.")
    public String injectors = "1";

    @Option(names = "--injectors-kill", defaultValue = "", paramLabel = "INDEX@DURATION",
            description = "With --injectors: kill injector INDEX this long after launch, e.g. 2@60s (a fault on "
                    + "purpose: the merged run must fail naming it).")
    public String injectorsKill = "";

    /**
     * The options as given that each injector process of {@code --injectors N} repeats; the cluster, where its
     * consumers run and where its results go are its own (distributed.LocalInjectors).
     */
    public List<String> forInjectors() {
        List<String> args = new ArrayList<>(List.of("--scenario=" + scenario, "--workload=" + workload,
                "--duration=" + duration, "--warmup=" + warmup, "--rate=" + rate,
                "--producer-profile=" + producerProfile, "--consumer-profile=" + consumerProfile,
                "--max-block-ms=" + maxBlockMs, "--settle=" + settle, "--progress-every=" + progressEvery,
                "--alarms=" + alarms));
        producerOverrides.forEach(kv -> args.add("--producer-override=" + kv));
        return args;
    }

    /** A yes/no option named by its property ({@code applyTopics}); blank gives the fallback. */
    static boolean bool(String text, String property, boolean fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(property, text, "use true or false");
        };
    }

    /** Options whose Maven property is not the field's name (load-tests/pom.xml keeps the documented one). */
    private static final java.util.Map<String, String> MAVEN_PROPERTY = java.util.Map.of(
            "injectorsKill", "injectors.kill");

    /** An option in both spellings: {@code applyTopics} is {@code -DapplyTopics / --apply-topics}. */
    public static String spelling(String field) {
        return "-D" + MAVEN_PROPERTY.getOrDefault(field, field) + " / --" + argument(field);
    }

    /**
     * An option set to a value, in both spellings, for a fix to name: {@code applyTopics} and {@code true} are
     * {@code -DapplyTopics=true / --apply-topics=true}.
     */
    public static String spelling(String field, Object value) {
        return "-D" + MAVEN_PROPERTY.getOrDefault(field, field) + "=" + value + " / --" + argument(field) + "=" + value;
    }

    private static String argument(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A bad option value: names the option in both spellings, the value, and the fix. */
    public static IllegalArgumentException bad(String property, Object value, String fix) {
        return new IllegalArgumentException(spelling(property) + ": '" + value + "' is not valid; " + fix);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
