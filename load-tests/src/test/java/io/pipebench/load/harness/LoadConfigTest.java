package io.pipebench.load.harness;

import io.pipebench.load.distributed.LocalInjectors;
import io.pipebench.load.driver.kafka.KafkaTarget;
import io.pipebench.load.scenario.InjectorRatio;
import io.pipebench.load.scenario.MaxRateSearch;
import io.pipebench.load.scenario.StandardScenario;
import io.pipebench.load.verdict.Hold;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options are parsed once into a typed configuration; a bad one is named in both spellings, with the fix. */
class LoadConfigTest {

    @Test
    void theDefaultsParseIntoTypedValues() {
        LoadConfig c = LoadConfig.parse(new LoadOptions());
        assertThat(c.scenario()).isEqualTo(LoadOptions.Scenario.steady);
        assertThat(c.injector().maxBlock()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.injector().progressEvery()).isEqualTo(5);
        assertThat(c.settle()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.hold()).isEmpty();
        assertThat(c.maxRate().maxTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.cluster().cluster()).isEqualTo(KafkaTarget.Kind.EMBEDDED);
        assertThat(c.cluster().consumers()).isTrue();
        assertThat(c.reference(false).consumers()).isFalse();
        assertThat(c.cluster().startConsumers()).isEmpty();
        assertThat(c.external()).isFalse();
    }

    @Test
    void givenValuesAreTyped() {
        LoadConfig c = parse(o -> {
            o.cluster = "external";
            o.startConsumers = "yes";
            o.groups = " genai-demo-audit, genai-demo-reporting ";
            o.hold = "90s";
            o.notApplicable = "message-processing-failures:alarmed in CloudWatch";
        });
        assertThat(c.external()).isTrue();
        assertThat(c.cluster().startConsumers()).isEqualTo(Optional.of(true));
        assertThat(c.cluster().monitoredGroups()).containsExactly("genai-demo-audit", "genai-demo-reporting");
        assertThat(c.hold()).contains(Duration.ofSeconds(90));
        assertThat(c.notApplicable()).containsEntry("message-processing-failures", "alarmed in CloudWatch");
    }

    /** Every kind the harness takes parses; only external is a cluster the harness did not start. */
    @Test
    void everyClusterKindParses() {
        assertThat(parse(o -> o.cluster = "forked").cluster().cluster()).isEqualTo(KafkaTarget.Kind.FORKED);
        LoadConfig container = parse(o -> o.cluster = " Container ");
        assertThat(container.cluster().cluster()).isEqualTo(KafkaTarget.Kind.CONTAINER);
        assertThat(container.external()).isFalse();
        assertThat(parse(o -> o.cluster = "external").external()).isTrue();
        // The container broker is plaintext: a secured listener is refused, not silently dropped.
        assertThatThrownBy(() -> parse(o -> {
            o.cluster = "container";
            o.security = "scram-tls";
        })).hasMessage("-Dsecurity / --security: 'scram-tls' is not valid; it secures the embedded cluster only; the "
                + "container cluster is plaintext: leave -Dsecurity / --security at plaintext");
    }

    @Test
    void aBadOptionIsNamedInBothSpellingsWithTheFix() {
        assertThatThrownBy(() -> parse(o -> o.scenario = "stedy"))
                .hasMessageStartingWith("-Dscenario / --scenario: 'stedy'").hasMessageContaining("use one of [steady");
        assertThatThrownBy(() -> parse(o -> o.cluster = "mars"))
                .hasMessage("-Dcluster / --cluster: 'mars' is not valid; use embedded, forked, external or container");
        assertThatThrownBy(() -> parse(o -> o.applyTopics = "maybe"))
                .hasMessage("-DapplyTopics / --apply-topics: 'maybe' is not valid; use true or false");
        assertThatThrownBy(() -> parse(o -> o.keepEventStore = "sometimes"))
                .hasMessageStartingWith("-DkeepEventStore / --keep-event-store: ");
        assertThatThrownBy(() -> parse(o -> o.settle = "soon"))
                .hasMessageContaining("-Dsettle / --settle").hasMessageContaining("write e.g. 30s");
        assertThatThrownBy(() -> parse(o -> o.stepFactor = "1"))
                .hasMessage("-DstepFactor / --step-factor: '1' is not valid; use a factor > 1, e.g. 1.5");
        assertThatThrownBy(() -> parse(o -> o.rounds = "0")).hasMessageStartingWith("-Drounds / --rounds: '0'");
        assertThatThrownBy(() -> parse(o -> o.ppRecords = "-1")).hasMessageStartingWith("-DppRecords / --pp-records");
        assertThatThrownBy(() -> parse(o -> o.maxBlockMs = "-1")).hasMessageStartingWith("-DmaxBlockMs / --max-block-ms");
        assertThatThrownBy(() -> parse(o -> o.notApplicable = "lag"))
                .hasMessageStartingWith("-DnotApplicable / --not-applicable");
    }

    /**
     * A hold under 10 s is refused here, before anything starts, with the same error the held-rate rule gives a hold
     * it gets from an alarm file's shorter period: both spellings and the fix.
     */
    @Test
    void aHoldUnderTenSecondsIsRefusedNamingBothSpellingsAndTheFix() {
        String fix = "is not valid; a rate must be held for at least 10 s: use a longer hold, e.g. -Dhold=60s / "
                + "--hold=60s (unset, the hold is the lag and latency alarms' period)";
        assertThatThrownBy(() -> parse(o -> o.hold = "5s")).hasMessage("-Dhold / --hold: '5s' " + fix);
        assertThatThrownBy(() -> parse(o -> o.hold = "9999ms")).hasMessage("-Dhold / --hold: '9999ms' " + fix);
        assertThat(parse(o -> o.hold = "10s").hold()).contains(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new Hold.Rules(5, 5, 0.95, 100)).hasMessage("-Dhold / --hold: '5s' " + fix);
    }

    /** A number that is not one is refused here, naming both spellings, not by picocli naming only --x. */
    @Test
    void aBadNumberIsNamedInBothSpellingsWithTheFix() {
        assertThatThrownBy(() -> parse(o -> o.maxSteps = "many"))
                .hasMessage("-DmaxSteps / --max-steps: 'many' is not valid; use a number of steps >= 1");
        assertThatThrownBy(() -> parse(o -> o.progressEvery = "5s"))
                .hasMessage("-DprogressEvery / --progress-every: '5s' is not valid; use a number of seconds >= 1");
        assertThatThrownBy(() -> parse(o -> o.precision = "10%"))
                .hasMessage("-Dprecision / --precision: '10%' is not valid; use a fraction between 0 and 1, e.g. 0.10");
        assertThatThrownBy(() -> parse(o -> o.stepFactor = "Infinity"))
                .hasMessageStartingWith("-DstepFactor / --step-factor: 'Infinity' is not valid");
        assertThatThrownBy(() -> parse(o -> o.rounds = "99999999999"))
                .hasMessageStartingWith("-Drounds / --rounds: '99999999999' is not valid");
        assertThatThrownBy(() -> parse(o -> o.ppRecords = "1e6"))
                .hasMessage("-DppRecords / --pp-records: '1e6' is not valid; use a number of records, or 0 for the "
                        + "default");
        assertThatThrownBy(() -> parse(o -> o.maxBlockMs = "0.5"))
                .hasMessageStartingWith("-DmaxBlockMs / --max-block-ms: '0.5' is not valid");
        assertThatThrownBy(() -> parse(o -> o.injectors = "two"))
                .hasMessageStartingWith("-Dinjectors / --injectors: 'two' is not valid");
    }

    /** Numbers are typed: given ones are read, a blank one (not given) is the option's default. */
    @Test
    void numbersAreTypedAndABlankOneIsTheDefault() {
        LoadConfig c = parse(o -> {
            o.maxSteps = " 4 ";
            o.stepFactor = "2";
            o.precision = "0.05";
            o.rounds = "";
            o.ppRecords = "5000000000";
            o.maxBlockMs = "";
            o.progressEvery = "10";
        });
        assertThat(c.maxRate().maxSteps()).isEqualTo(4);
        assertThat(c.maxRate().stepFactor()).isEqualTo(2.0);
        assertThat(c.maxRate().precision()).isEqualTo(0.05);
        assertThat(c.ratio().rounds()).isEqualTo(3);
        assertThat(c.ratio().ppRecords()).isEqualTo(5_000_000_000L);
        assertThat(c.injector().maxBlock()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.injector().progressEvery()).isEqualTo(10);
        MaxRateSearch.Bounds defaults = LoadConfig.parse(new LoadOptions()).maxRate();
        assertThat(defaults).isEqualTo(new MaxRateSearch.Bounds(12, Duration.ofMinutes(30), 1.5, 0.10));
    }

    @Test
    void injectorsAreCountedAndRunOnlyAgainstTheClusterTheyStart() {
        assertThat(LoadConfig.parse(new LoadOptions()).injectors()).isEqualTo(1);
        assertThat(parse(o -> o.injectors = "3").injectors()).isEqualTo(3);
        assertThatThrownBy(() -> parse(o -> o.injectors = "0"))
                .hasMessage("-Dinjectors / --injectors: '0' is not valid; use a number of injector processes >= 1");
        // Local injectors would silently start their own embedded cluster instead of loading the one asked for.
        assertThatThrownBy(() -> parse(o -> {
            o.injectors = "3";
            o.cluster = "external";
        })).hasMessageStartingWith("-Dinjectors / --injectors: '3' is not valid; local injectors run against the "
                + "embedded cluster").hasMessageContaining("leave -Dinjectors=1 / --injectors=1")
                .hasMessageContaining("-Dinjector.index").hasMessageContaining("PIPEBENCH_JAVA_OPTS for bin/pipebench");
    }

    @Test
    void securityConsumerProfileAndInjectorKillAreParsedOnce() {
        LoadConfig c = parse(o -> {
            o.security = " SCRAM-TLS ";
            o.consumerProfile = "tuned";
        });
        assertThat(c.cluster().secured()).isTrue();
        assertThat(c.cluster().security().option()).isEqualTo("scram-tls");
        assertThat(c.cluster().consumerProfile()).isEqualTo("tuned");
        assertThat(c.reference(false).security()).isEqualTo(c.cluster().security());
        LoadConfig defaults = LoadConfig.parse(new LoadOptions());
        assertThat(defaults.cluster().secured()).isFalse();
        assertThat(defaults.cluster().consumerProfile()).isEqualTo("seed");
        assertThat(defaults.kill()).isEmpty();
        assertThat(parse(o -> {
            o.injectors = "3";
            o.injectorsKill = "2@60s";
        }).kill()).contains(new LocalInjectors.Kill(2, Duration.ofSeconds(60)));
    }

    @Test
    void aBadSecurityConsumerProfileOrInjectorKillIsNamedInBothSpellingsWithTheFix() {
        assertThatThrownBy(() -> parse(o -> o.security = "tls"))
                .hasMessage("-Dsecurity / --security: 'tls' is not valid; use one of [plaintext, scram-tls, mtls]");
        assertThatThrownBy(() -> parse(o -> {
            o.security = "mtls";
            o.cluster = "external";
        })).hasMessageStartingWith("-Dsecurity / --security: 'mtls' is not valid; it secures the embedded cluster "
                + "only").hasMessageContaining("leave -Dsecurity / --security at plaintext");
        assertThatThrownBy(() -> parse(o -> o.consumerProfile = "fastest"))
                .hasMessage("-DconsumerProfile / --consumer-profile: 'fastest' is not valid; use one of [seed, tuned]");
        assertThatThrownBy(() -> parse(o -> o.injectorsKill = "0@60s"))
                .hasMessage("-Dinjectors.kill / --injectors-kill: '0@60s' is not valid; it kills one of several local "
                        + "injectors: set -Dinjectors / --injectors to 2 or more, or leave it blank");
        assertThatThrownBy(() -> parse(o -> {
            o.injectors = "3";
            o.injectorsKill = "3@60s";
        })).hasMessage("-Dinjectors.kill / --injectors-kill: '3@60s' is not valid; write INDEX@DURATION, INDEX from 0 "
                + "to 2, e.g. 1@60s");
        assertThatThrownBy(() -> parse(o -> {
            o.injectors = "3";
            o.injectorsKill = "60s";
        })).hasMessageStartingWith("-Dinjectors.kill / --injectors-kill: '60s' is not valid; write INDEX@DURATION");
        assertThatThrownBy(() -> parse(o -> {
            o.injectors = "3";
            o.injectorsKill = "1@soon";
        })).hasMessageContaining("-Dinjectors.kill / --injectors-kill");
    }

    /** Unset options take -Dsecurity / -DconsumerProfile from the JVM (PIPEBENCH_JAVA_OPTS, a test's fork). */
    @Test
    void unsetSecurityAndConsumerProfileComeFromTheJvmsProperties() {
        String security = System.getProperty("security");
        String profile = System.getProperty("consumerProfile");
        try {
            System.setProperty("security", "scram-tls");
            System.setProperty("consumerProfile", "tuned");
            LoadConfig c = LoadConfig.parse(new LoadOptions());
            assertThat(c.cluster().secured()).isTrue();
            assertThat(c.cluster().consumerProfile()).isEqualTo("tuned");
            assertThat(parse(o -> o.consumerProfile = "seed").cluster().consumerProfile()).isEqualTo("seed");
            assertThatThrownBy(() -> parse(o -> o.injectors = "3"))
                    .hasMessageStartingWith("-Dsecurity / --security: 'scram-tls' is not valid; local injectors");
        } finally {
            restore("security", security);
            restore("consumerProfile", profile);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** Local injectors reach their parent's cluster as plaintext: a secured cluster is refused, not started open. */
    @Test
    void aSecuredClusterIsRefusedWithLocalInjectors() {
        assertThatThrownBy(() -> parse(o -> {
            o.injectors = "3";
            o.security = "scram-tls";
        })).hasMessageStartingWith("-Dsecurity / --security: 'scram-tls' is not valid; local injectors "
                + "(-Dinjectors / --injectors 3) reach the embedded cluster as plaintext only");
        assertThat(parse(o -> {
            o.injectors = "3";
            o.security = "plaintext";
        }).injectors()).isEqualTo(3);
    }

    /**
     * Local injectors take the few values they use, read here: their logs go beside Gatling's reports, their heap is
     * {@code -Dinjector.heap} on this JVM (else 768m), their consumer profile the one this run resolved.
     */
    @Test
    void localInjectorsTakeTheirOwnSettings() {
        String heap = System.getProperty(LocalInjectors.HEAP_PROPERTY);
        String profile = System.getProperty("consumerProfile");
        try {
            System.setProperty(LocalInjectors.HEAP_PROPERTY, "1g");
            System.setProperty("consumerProfile", "tuned");
            LoadConfig c = parse(o -> {
                o.scenario = "soak";
                o.injectors = "3";
                o.injectorsKill = "1@30s";
                o.results = Path.of("/runs/results");
                o.gatlingResults = Path.of("/runs/target/gatling");
                o.notApplicable = "message-processing-failures:alarmed in CloudWatch";
            });
            assertThat(c.localInjectors()).isEqualTo(new LocalInjectors.Settings("soak", 3, Path.of("/runs/results"),
                    Path.of("/runs/target/distributed"), Optional.of(new LocalInjectors.Kill(1,
                    Duration.ofSeconds(30))), Map.of("message-processing-failures", "alarmed in CloudWatch"), "1g",
                    "tuned"));
            assertThat(parse(o -> o.consumerProfile = "seed").localInjectors().consumerProfile()).isEqualTo("seed");
            System.setProperty(LocalInjectors.HEAP_PROPERTY, " ");
            System.clearProperty("consumerProfile");
            LoadConfig defaults = LoadConfig.parse(new LoadOptions());
            assertThat(defaults.localInjectors().kill()).isEmpty();
            assertThat(defaults.localInjectors().heap()).isEqualTo("768m");
            assertThat(defaults.localInjectors().consumerProfile()).isEqualTo("seed");
        } finally {
            restore(LocalInjectors.HEAP_PROPERTY, heap);
            restore("consumerProfile", profile);
        }
    }

    /** The scenarios take the few values they use, not the configuration (the architecture test holds them to it). */
    @Test
    void scenariosTakeTheirOwnSettings() {
        LoadConfig c = parse(o -> {
            o.scenario = "peak";
            o.results = Path.of("/runs/results");
            o.gatlingResults = Path.of("/runs/target/gatling");
            o.settle = "30s";
            o.hold = "2m";
            o.maxSteps = "4";
            o.rounds = "2";
            o.ppRecords = "1000";
            o.notApplicable = "message-processing-failures:alarmed in CloudWatch";
        });
        Map<String, String> declared = Map.of("message-processing-failures", "alarmed in CloudWatch");
        Optional<Duration> hold = Optional.of(Duration.ofMinutes(2));
        assertThat(c.standardScenario()).isEqualTo(new StandardScenario.Settings(LoadOptions.Scenario.peak,
                c.injector(), Duration.ofSeconds(30), Path.of("/runs/results"), hold, declared));
        assertThat(c.maxRateSearch()).isEqualTo(new MaxRateSearch.Settings(new MaxRateSearch.Bounds(4,
                Duration.ofMinutes(30), 1.5, 0.10), c.injector(), Duration.ofSeconds(30), Path.of("/runs/results"),
                hold, declared));
        assertThat(c.injectorRatio()).isEqualTo(new InjectorRatio.Settings(new InjectorRatio.Rounds(2, 1000),
                c.injector(), Path.of("/runs/results"), false));
        assertThat(parse(o -> o.cluster = "external").injectorRatio().external()).isTrue();
    }

    /** One parser of CHECK:REASON;...: it keeps the order given and names the spelling its caller has. */
    @Test
    void notApplicableIsParsedInOrderAndABadPartNamedInTheCallersSpelling() {
        assertThat(LoadConfig.notApplicable("--not-applicable", " lag.max: no groups ;; rate:shared host;"))
                .containsExactly(Map.entry("lag.max", "no groups"), Map.entry("rate", "shared host"));
        assertThat(LoadConfig.notApplicable("--not-applicable", " ")).isEmpty();
        assertThatThrownBy(() -> LoadConfig.notApplicable("--not-applicable", "rate:shared host;lag:"))
                .hasMessage("--not-applicable: 'lag:' needs a check name and a reason, e.g. "
                        + "message-processing-failures:alarmed in CloudWatch");
        assertThatThrownBy(() -> parse(o -> o.notApplicable = ":no check"))
                .hasMessageStartingWith("-DnotApplicable / --not-applicable: ':no check' needs a check name");
    }

    /** An injector process of --injectors N repeats the options as given, apart from its cluster and folders. */
    @Test
    void injectorsRepeatTheOptionsAsGiven() {
        LoadOptions o = new LoadOptions();
        o.scenario = "smoke";
        o.consumerProfile = "tuned";
        o.producerOverrides.add("linger.ms=5");
        assertThat(o.forInjectors()).contains("--scenario=smoke", "--consumer-profile=tuned", "--settle=120s",
                "--producer-override=linger.ms=5").noneMatch(a -> a.startsWith("--cluster")
                || a.startsWith("--results") || a.startsWith("--injectors"));
    }

    /** The -D spelling is the field's name, the -- spelling is picocli's: the two derive from each other. */
    @Test
    void everyOptionsTwoSpellingsAgree() {
        for (Field f : LoadOptions.class.getFields()) {
            CommandLine.Option option = f.getAnnotation(CommandLine.Option.class);
            if (option != null && !f.getName().equals("producerOverrides")) {
                assertThat(LoadOptions.spelling(f.getName())).endsWith(" / " + option.names()[0]);
            }
        }
    }

    private static LoadConfig parse(Consumer<LoadOptions> set) {
        LoadOptions o = new LoadOptions();
        set.accept(o);
        return LoadConfig.parse(o);
    }
}
