package io.pipebench.load.harness;

import io.pipebench.load.distributed.InjectorSlice;
import io.pipebench.load.distributed.LocalInjectors;
import io.pipebench.load.driver.kafka.KafkaTarget;
import io.pipebench.load.driver.reference.ReferenceDriver;
import io.pipebench.load.scenario.InjectorRatio;
import io.pipebench.load.scenario.MaxRateSearch;
import io.pipebench.load.scenario.StandardScenario;
import io.pipebench.load.verdict.Hold;
import io.pipebench.workload.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The load options parsed once, before anything starts: typed, immutable and checked, every error naming the option in
 * both spellings ({@code -Dx} for Maven, {@code --x} for bin/pipebench) and the fix. Each part of the harness takes
 * the few values it needs from here, not the options.
 *
 * @param cluster the reference system's settings, consumers included
 * @param hold    peak and max-rate: how long a rate must last to count as held; empty: the alarms' period
 * @param injectors how many local injector processes share the run (scale-out, {@code distributed.LocalInjectors})
 * @param kill      with several local injectors, one to kill on purpose
 */
public record LoadConfig(LoadOptions.Scenario scenario, Path results, Optional<Path> alarms, Injector injector,
                         ReferenceDriver.Settings cluster, Duration settle, Optional<Duration> hold,
                         Map<String, String> notApplicable, MaxRateSearch.Bounds maxRate, InjectorRatio.Rounds ratio,
                         int injectors, Optional<LocalInjectors.Kill> kill) {

    /** The options' own defaults: a blank number means "not given", as a blank text does. */
    private static final LoadOptions DEFAULTS = new LoadOptions();

    public LoadConfig {
        notApplicable = Map.copyOf(notApplicable);
    }

    /** Parses and checks every option, whatever the scenario uses, so a typo fails at once. */
    public static LoadConfig parse(LoadOptions o) {
        LoadOptions.Scenario scenario = LoadOptions.Scenario.parse(o.scenario);
        int progressEvery = count("progressEvery", o.progressEvery, DEFAULTS.progressEvery, 1,
                "use a number of seconds >= 1");
        long maxBlockMs = whole("maxBlockMs", o.maxBlockMs, DEFAULTS.maxBlockMs, 0, Long.MAX_VALUE,
                "use a number of milliseconds >= 0");
        Injector injector = new Injector(o.gatlingResults, progressEvery, Duration.ofMillis(maxBlockMs));
        Duration settle = duration("settle", o.settle);
        Optional<Duration> hold = LoadOptions.blankToNull(o.hold) == null ? Optional.empty()
                : Optional.of(duration("hold", o.hold));
        if (hold.isPresent() && hold.get().toSeconds() < Hold.MIN_HOLD_SECONDS) {
            throw Hold.Rules.tooShort(o.hold);
        }
        MaxRateSearch.Bounds maxRate = new MaxRateSearch.Bounds(count("maxSteps", o.maxSteps, DEFAULTS.maxSteps, 1,
                "use a number of steps >= 1"), duration("maxTime", o.maxTime),
                number("stepFactor", o.stepFactor, DEFAULTS.stepFactor, f -> f > 1, "use a factor > 1, e.g. 1.5"),
                number("precision", o.precision, DEFAULTS.precision, p -> p > 0 && p < 1,
                        "use a fraction between 0 and 1, e.g. 0.10"));
        InjectorRatio.Rounds ratio = new InjectorRatio.Rounds(count("rounds", o.rounds, DEFAULTS.rounds, 1,
                "use a number of rounds >= 1"),
                whole("ppRecords", o.ppRecords, DEFAULTS.ppRecords, 0, Long.MAX_VALUE,
                        "use a number of records, or 0 for the default"));
        ReferenceDriver.Settings reference = reference(o);
        int injectors = count("injectors", o.injectors, DEFAULTS.injectors, 1,
                "use a number of injector processes >= 1");
        if (injectors > 1 && reference.cluster() != KafkaTarget.Kind.EMBEDDED) {
            // Local injectors share the embedded cluster their parent starts; elsewhere each is launched on its own.
            // The injector.* settings are JVM properties in both front-ends: there is no --x spelling to name.
            throw LoadOptions.bad("injectors", o.injectors, "local injectors run against the embedded cluster they "
                    + "start; against a " + o.cluster + " cluster leave " + LoadOptions.spelling("injectors", 1)
                    + ", launch each injector with the JVM properties -D" + InjectorSlice.RUN + ", -D"
                    + InjectorSlice.COUNT + " and -D" + InjectorSlice.INDEX + " (on Maven's command line, or in "
                    + "PIPEBENCH_JAVA_OPTS for bin/pipebench; or use bin/pipebench load k8s) and merge their parts "
                    + "with bin/pipebench load merge");
        }
        if (injectors > 1 && reference.secured()) {
            // Local injectors reach their parent's cluster as PLAINTEXT; handing them credentials is not done here.
            throw LoadOptions.bad("security", String.valueOf(reference.security()), "local injectors ("
                    + LoadOptions.spelling("injectors")
                    + " " + injectors + ") reach the embedded cluster as plaintext only; run a secured cluster "
                    + "with one injector, or leave " + LoadOptions.spelling("security") + " at plaintext");
        }
        Map<String, String> notApplicable = notApplicable(LoadOptions.spelling("notApplicable"), o.notApplicable);
        return new LoadConfig(scenario, o.results, Optional.ofNullable(LoadOptions.blankToNull(o.alarms)).map(Path::of),
                injector, reference, settle, hold, notApplicable, maxRate, ratio, injectors,
                kill(o.injectorsKill, injectors));
    }

    /**
     * {@code CHECK:REASON;...} as check name to reason, in the order given. The one parser of it: the load command
     * and {@code load merge} (which has only the {@code --} spelling) both take it.
     */
    public static Map<String, String> notApplicable(String spelling, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (LoadOptions.blankToNull(text) == null) {
            return Collections.unmodifiableMap(out);
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon <= 0 || part.substring(colon + 1).isBlank()) {
                throw new IllegalArgumentException(spelling + ": '" + part.trim() + "' needs a check name and a "
                        + "reason, e.g. message-processing-failures:alarmed in CloudWatch");
            }
            out.put(part.substring(0, colon).trim(), part.substring(colon + 1).trim());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * What local injectors ({@code --injectors N}) take of this configuration: their heap from
     * {@code -Dinjector.heap} on this JVM (a JVM setting of the children, with no {@code --} spelling), and the
     * consumer profile as resolved here.
     */
    public LocalInjectors.Settings localInjectors() {
        // Their logs and parts go beside Gatling's own reports: target/distributed/<run>/ by default.
        return new LocalInjectors.Settings(label(), injectors, results, injector.gatlingResults()
                .resolveSibling("distributed"), kill, notApplicable,
                Optional.ofNullable(LoadOptions.blankToNull(System.getProperty(LocalInjectors.HEAP_PROPERTY)))
                        .orElse(LocalInjectors.DEFAULT_HEAP),
                cluster.consumerProfile());
    }

    /** What steady, smoke, soak, peak and broker-failure take of this configuration. */
    public StandardScenario.Settings standardScenario() {
        return new StandardScenario.Settings(scenario, injector, settle, results, hold, notApplicable);
    }

    /** What the max-rate search takes of this configuration. */
    public MaxRateSearch.Settings maxRateSearch() {
        return new MaxRateSearch.Settings(maxRate, injector, settle, results, hold, notApplicable);
    }

    /** What the injector ratio takes of this configuration. */
    public InjectorRatio.Settings injectorRatio() {
        return new InjectorRatio.Settings(ratio, injector, results, external());
    }

    /**
     * Opens the reference system as these options set it up, for a scenario that may not name its settings (the
     * measuring core names no driver implementation); {@code consumers} false for producer-only measurements.
     */
    public LoadEnvironment.Opener environment(boolean consumers) {
        ReferenceDriver.Settings settings = reference(consumers);
        return (workload, out) -> LoadEnvironment.open(settings, workload, out);
    }

    /** A whole number from {@code min} to {@code max}; blank gives the default. */
    static long whole(String property, String text, String fallback, long min, long max, String fix) {
        String t = LoadOptions.blankToNull(text) == null ? fallback : text.trim();
        try {
            long v = Long.parseLong(t);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below, with the fix
        }
        throw LoadOptions.bad(property, text, fix);
    }

    /** A whole number from {@code min} that fits an int; blank gives the default. */
    static int count(String property, String text, String fallback, int min, String fix) {
        return (int) whole(property, text, fallback, min, Integer.MAX_VALUE, fix);
    }

    /** A finite decimal number that {@code valid} accepts; blank gives the default. */
    static double number(String property, String text, String fallback, DoublePredicate valid, String fix) {
        String t = LoadOptions.blankToNull(text) == null ? fallback : text.trim();
        try {
            double v = Double.parseDouble(t);
            if (Double.isFinite(v) && valid.test(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below, with the fix
        }
        throw LoadOptions.bad(property, text, fix);
    }

    /** The reference system as these options set it up; {@code consumers} false for producer-only measurements. */
    public ReferenceDriver.Settings reference(boolean consumers) {
        return cluster.withConsumers(consumers);
    }

    static ReferenceDriver.Settings reference(LoadOptions o) {
        KafkaTarget.Kind kind = kind(o.cluster);
        // Unset: what -Dsecurity on the JVM says (PIPEBENCH_JAVA_OPTS, a test's fork), as before it was an option.
        String security = LoadOptions.blankToNull(o.security) == null
                ? ReferenceDriver.defaultSecurity() : o.security;
        ReferenceDriver.Settings s = ReferenceDriver.Settings.builder(kind, ReferenceDriver.security(security)
                        .orElseThrow(() -> LoadOptions.bad("security", o.security,
                                "use one of " + ReferenceDriver.SECURITY)))
                .clusterConfig(Optional.ofNullable(LoadOptions.blankToNull(o.clusterConfig)).map(Path::of))
                .applyTopics(LoadOptions.bool(o.applyTopics, "applyTopics", false))
                .startConsumers(LoadOptions.blankToNull(o.startConsumers) == null ? Optional.empty()
                        : Optional.of(LoadOptions.bool(o.startConsumers, "startConsumers", false)))
                .realGroups(LoadOptions.bool(o.realGroups, "realGroups", false))
                .consumerProfile(consumerProfile(o.consumerProfile))
                .keepEventStore(LoadOptions.bool(o.keepEventStore, "keepEventStore", false))
                .monitoredGroups(LoadOptions.blankToNull(o.groups) == null ? List.of()
                        : Arrays.stream(o.groups.split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList())
                .consumerMetrics(Optional.ofNullable(LoadOptions.blankToNull(o.consumerMetrics)))
                // scale-out: only injector 0 of several watches the groups' lag, so it exists once in the merged run
                .monitorLag(InjectorSlice.current().map(InjectorSlice::observer).orElse(true))
                .build();
        if (s.secured() && kind != KafkaTarget.Kind.EMBEDDED) {
            String why = kind == KafkaTarget.Kind.EXTERNAL
                    ? "an external cluster's security comes from its settings (KAFKA_SECURITY_PROTOCOL and its "
                    + "credentials)" : "the " + o.cluster.trim() + " cluster is plaintext";
            throw LoadOptions.bad("security", String.valueOf(s.security()), "it secures the embedded cluster only; "
                    + why + ": leave " + LoadOptions.spelling("security") + " at plaintext");
        }
        return s;
    }

    /**
     * The consumer groups' profile by name; blank is what {@code -DconsumerProfile} on the JVM says, else the design
     * document's, {@code seed}.
     */
    static String consumerProfile(String text) {
        String name = LoadOptions.blankToNull(text) == null ? ReferenceDriver.defaultConsumerProfile()
                : text.trim();
        if (!ReferenceDriver.CONSUMER_PROFILES.contains(name)) {
            throw LoadOptions.bad("consumerProfile", text, "use one of " + ReferenceDriver.CONSUMER_PROFILES);
        }
        return name;
    }

    /** {@code INDEX@DURATION}, e.g. {@code 2@60s}; only with several local injectors, INDEX one of them. */
    static Optional<LocalInjectors.Kill> kill(String text, int injectors) {
        if (LoadOptions.blankToNull(text) == null) {
            return Optional.empty();
        }
        if (injectors < 2) {
            throw LoadOptions.bad("injectorsKill", text, "it kills one of several local injectors: set "
                    + LoadOptions.spelling("injectors") + " to 2 or more, or leave it blank");
        }
        String fix = "write INDEX@DURATION, INDEX from 0 to " + (injectors - 1) + ", e.g. 1@60s";
        String[] parts = text.trim().split("@", -1);
        if (parts.length != 2) {
            throw LoadOptions.bad("injectorsKill", text, fix);
        }
        int index;
        try {
            index = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw LoadOptions.bad("injectorsKill", text, fix);
        }
        if (index < 0 || index >= injectors) {
            throw LoadOptions.bad("injectorsKill", text, fix);
        }
        return Optional.of(new LocalInjectors.Kill(index, duration("injectorsKill", parts[1])));
    }

    static KafkaTarget.Kind kind(String cluster) {
        try {
            return KafkaTarget.Kind.parse(cluster);
        } catch (IllegalArgumentException e) {
            throw LoadOptions.bad("cluster", cluster, "use embedded, forked, external or container");
        }
    }

    /** A duration option, e.g. {@code 90s}, {@code 5m} or {@code 1h}. */
    static Duration duration(String property, String text) {
        return Durations.parse(LoadOptions.spelling(property), text);
    }

    /** Whether the reference system's cluster is external (MSK or any cluster the harness does not start). */
    public boolean external() {
        return cluster.cluster() == KafkaTarget.Kind.EXTERNAL;
    }

    /** The scenario's label, e.g. {@code max-rate}. */
    public String label() {
        return scenario.name().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
