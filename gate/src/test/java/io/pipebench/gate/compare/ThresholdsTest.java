package io.pipebench.gate.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipebench.gate.GateInputException;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void theCommittedGateYamlIsValid() {
        Path committed = Path.of("..", "results", "gate.yaml");
        assertThat(committed).exists();
        Thresholds thresholds = Thresholds.read(committed);
        assertThat(thresholds.alpha("anything")).isEqualTo(0.01);
        assertThat(thresholds.minimumEffect("anything")).isEqualTo(0.10);
    }

    @Test
    void settingsResolveOverrideThenUnitThenDirection() {
        Thresholds t = Thresholds.parse("""
                alpha: 0.05
                minimum-effect: 0.2
                tolerances:
                  higher: 0.1
                  lower: 0.3
                  by-unit: {"events/s": 0.05}
                overrides:
                  - match: "steady/*"
                    tolerance: 0.4
                  - match: "*Codec*"
                    minimum-effect: 0.03
                  - match: "*Codec*"
                    alpha: 0.001
                    minimum-effect: 0.5
                  - match: "*:custom"
                    better: higher
                ignore: ["*:gc.count"]
                """, "gate.yaml");

        assertThat(t.tolerance("steady/p95", "ms", Better.LOWER)).isEqualTo(0.4);
        assertThat(t.tolerance("spike/rate", "events/s", Better.HIGHER)).isEqualTo(0.05);
        assertThat(t.tolerance("spike/p95", "ms", Better.LOWER)).isEqualTo(0.3);
        assertThat(t.tolerance("spike/other", "x/s", Better.HIGHER)).isEqualTo(0.1);
        assertThat(t.minimumEffect("a.CodecBenchmark.encode@thrpt")).as("first override that sets it").isEqualTo(0.03);
        assertThat(t.alpha("a.CodecBenchmark.encode@thrpt")).isEqualTo(0.001);
        assertThat(t.alpha("other")).isEqualTo(0.05);
        assertThat(t.minimumEffect("other")).isEqualTo(0.2);
        assertThat(t.better("x@thrpt:custom")).contains(Better.HIGHER);
        assertThat(t.ignored("x@thrpt:gc.count")).isTrue();
        assertThat(t.ignored("x@thrpt:gc.alloc.rate.norm")).isFalse();
    }

    @Test
    void anEmptyFileMeansTheDefaults() {
        assertThat(Thresholds.parse("", "gate.yaml").alpha("x")).isEqualTo(Thresholds.DEFAULT_ALPHA);
    }

    @Test
    void anUnknownKeyIsRefusedByName() {
        assertThatThrownBy(() -> Thresholds.parse("alpah: 0.01\n", "results/gate.yaml"))
                .isInstanceOf(GateInputException.class)
                .hasMessageContaining("results/gate.yaml")
                .hasMessageContaining("unknown key 'alpah'")
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> Thresholds.parse("tolerances: {latency: 0.2}\n", "gate.yaml"))
                .hasMessageContaining("unknown key 'tolerances.latency'");
    }

    @Test
    void outOfRangeAndWronglyTypedValuesAreRefusedByName() {
        assertThatThrownBy(() -> Thresholds.parse("alpha: 5\n", "gate.yaml"))
                .isInstanceOf(GateInputException.class).hasMessageContaining("'alpha' must be in (0, 0.5]");
        assertThatThrownBy(() -> Thresholds.parse("minimum-effect: ten\n", "gate.yaml"))
                .hasMessageContaining("'minimum-effect' must be a number");
        assertThatThrownBy(() -> Thresholds.parse("tolerances: {by-unit: {ms: -1}}\n", "gate.yaml"))
                .hasMessageContaining("'tolerances.by-unit.ms' must be a non-negative fraction");
        assertThatThrownBy(() -> Thresholds.parse("overrides:\n  - tolerance: 0.2\n", "gate.yaml"))
                .hasMessageContaining("'overrides[0].match' is missing");
        assertThatThrownBy(() -> Thresholds.parse("overrides:\n  - match: x\n    better: faster\n", "gate.yaml"))
                .hasMessageContaining("'overrides[0].better' must be \"higher\" or \"lower\"");
        assertThatThrownBy(() -> Thresholds.parse("overrides:\n  - match: x\n    tolerence: 0.2\n", "gate.yaml"))
                .hasMessageContaining("unknown key 'overrides[0].tolerence'");
        assertThatThrownBy(() -> Thresholds.parse("ignore: \"*\"\n", "gate.yaml"))
                .hasMessageContaining("'ignore' must be a list");
    }

    /** "alpha:" without a value is YAML null: in an override it read as 0 and disabled the test. */
    @Test
    void aKeyPresentWithoutAValueIsRefusedByFileAndKey() {
        assertThatThrownBy(() -> Thresholds.parse("overrides:\n  - match: x\n    alpha:\n", "results/gate-ci.yaml"))
                .isInstanceOf(GateInputException.class)
                .hasMessageContaining("results/gate-ci.yaml").hasMessageContaining("'overrides[0].alpha'");
        assertThatThrownBy(() -> Thresholds.parse("alpha:\n", "gate.yaml")).hasMessageContaining("'alpha'");
        assertThatThrownBy(() -> Thresholds.parse("tolerances:\n  higher:\n", "gate.yaml"))
                .hasMessageContaining("'tolerances.higher'");
        assertThatThrownBy(() -> Thresholds.parse("tolerances: {by-unit: {ms: }}\n", "gate.yaml"))
                .hasMessageContaining("'tolerances.by-unit.ms'");
        assertThatThrownBy(() -> Thresholds.parse("ignore:\n", "gate.yaml")).hasMessageContaining("'ignore'");
    }

    /** A higher-is-better figure falls by 100% at most: "*\/*.max: 3.0" could never fail injector.ratio.max. */
    @Test
    void aToleranceOfOneOrMoreOnAHigherIsBetterFigureIsRefused() {
        Thresholds t = Thresholds.parse("overrides:\n  - match: \"*/*.max\"\n    tolerance: 3.0\n",
                "results/gate-ci.yaml");
        assertThat(t.tolerance("smoke/e2e.latency.max", "ms", Better.LOWER)).isEqualTo(3.0);
        assertThatThrownBy(() -> t.tolerance("injector-ratio/injector.ratio.max", "ratio", Better.HIGHER))
                .isInstanceOf(GateInputException.class)
                .hasMessageContaining("results/gate-ci.yaml").hasMessageContaining("\"*/*.max\"")
                .hasMessageContaining("injector-ratio/injector.ratio.max").hasMessageContaining("below 1");
        Thresholds higher = Thresholds.parse("tolerances: {higher: 1}\n", "gate.yaml");
        assertThatThrownBy(() -> higher.tolerance("smoke/rate.achieved", "events/s", Better.HIGHER))
                .hasMessageContaining("'tolerances.higher'");
    }

    /** CI gates the smoke run with gate-ci.yaml: every figure of the committed load baselines must be judgeable. */
    @Test
    void theCiThresholdsAcceptEveryFigureOfTheCommittedLoadBaselines() throws java.io.IOException {
        Thresholds ci = Thresholds.read(Path.of("..", "results", "gate-ci.yaml"));
        List<Path> runs;
        try (var files = Files.walk(Path.of("..", "results", "baselines", "load"))) {
            runs = files.filter(f -> f.getFileName().toString().equals(LoadSummary.FILE_NAME)).toList();
        }
        assertThat(runs).isNotEmpty();
        for (Path run : runs) {
            LoadSummary summary = LoadSummary.read(run);
            summary.metrics().forEach((name, m) -> {
                String id = summary.scenario() + "/" + name;
                if (!ci.ignored(id)) {
                    assertThat(ci.tolerance(id, m.unit(), m.better())).as(id).isGreaterThanOrEqualTo(0);
                }
            });
        }
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> Thresholds.read(Path.of("no-such-gate.yaml")))
                .isInstanceOf(GateInputException.class).hasMessageContaining("no-such-gate.yaml");
        assertThat(Files.exists(Path.of("no-such-gate.yaml"))).isFalse();
    }

    @Test
    void globsTreatSlashesAndBracesLiterally() {
        assertThat(Glob.of("*p95").matches("steady/publish.p95")).isTrue();
        assertThat(Glob.of("*.encode{size=1024}@*").matches("a.B.encode{size=1024}@thrpt")).isTrue();
        assertThat(Glob.of("*.encode{size=64}@*").matches("a.B.encode{size=1024}@thrpt")).isFalse();
        assertThat(Glob.of("a?c").matches("abc")).isTrue();
        assertThat(Glob.of("a.c").matches("abc")).as("dot is literal").isFalse();
    }
}
