package io.pipebench.gate.compare;

import static io.pipebench.gate.Fixtures.environment;
import static io.pipebench.gate.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.model.AlarmState;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentCheckTest {

    @TempDir
    Path dir;

    @Test
    void minorJvmUpdatesAndDifferentCommitsStillMatch() {
        assertThat(EnvironmentCheck.differences(environment(2, "17.0.15+6", "4.4.0"),
                environment(2, "17.0.16+8", "4.4.0"))).isEmpty();
    }

    @Test
    void cpuJvmMajorAndKafkaDifferencesAreListed() {
        assertThat(EnvironmentCheck.differences(environment(2, "17.0.15", "4.4.0"),
                environment(8, "21.0.2", "4.3.0")))
                .containsExactly(new EnvironmentCheck.Difference("cpuCount", "2", "8"),
                        new EnvironmentCheck.Difference("jvm major version", "17", "21"),
                        new EnvironmentCheck.Difference("kafkaVersion", "4.4.0", "4.3.0"));
    }

    @Test
    void aMismatchIsFlaggedProminentlyAndFailsOnlyWhenStrict() throws IOException {
        LoadSummary base = summary("steady", 20.0, 5000, AlarmState.OK);
        LoadSummary onBiggerBox = new LoadSummary("steady", base.startedAt(), 300, environment(16, "17.0.15", "4.4.0"),
                base.metrics(), base.alarms(), base.histograms());
        Fixtures.runFolder(dir.resolve("base"), base);
        Fixtures.runFolder(dir.resolve("cand"), onBiggerBox);

        ComparisonReport lenient = Comparison.load(dir.resolve("base"), dir.resolve("cand"), Thresholds.defaults(),
                Comparison.Options.standard());
        ComparisonReport strict = Comparison.load(dir.resolve("base"), dir.resolve("cand"), Thresholds.defaults(),
                new Comparison.Options(true, false, false));

        assertThat(lenient.environmentMismatch()).isTrue();
        assertThat(lenient.exitCode()).isZero();
        assertThat(ComparisonRenderer.text(lenient)).contains("!!! ENVIRONMENT MISMATCH")
                .contains("cpuCount: baseline 2, candidate 16");
        assertThat(ComparisonRenderer.markdown(lenient)).contains("> **Environment mismatch**")
                .contains("> | cpuCount | 2 | 16 |");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.failures()).containsExactly("environment mismatch (--strict-environment)");
    }

    @Test
    void anUnknownEnvironmentIsAMismatch() {
        assertThat(EnvironmentCheck.differences(null, environment(2, "17", "4.4.0")))
                .containsExactly(new EnvironmentCheck.Difference("environment", "unknown", "recorded"));
    }
}
