package io.pipebench.gate.baseline;

import static io.pipebench.gate.Fixtures.jmhFile;
import static io.pipebench.gate.Fixtures.thrpt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.compare.Comparison;
import io.pipebench.gate.compare.Thresholds;
import io.pipebench.gate.model.AlarmState;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinePromoterTest {

    private static final String CODEC = "io.pipebench.benchmarks.CodecBenchmark.encode";

    @TempDir
    Path dir;

    @Test
    void promotingAJmhRunCopiesItWithItsEnvironmentAndReportsWhatItReplaced() throws IOException {
        Path results = dir.resolve("results");
        Path jmh = Files.createDirectories(results.resolve("jmh"));
        Fixtures.environment(2, "17.0.15", "4.4.0").write(jmh.resolve("environment.json"));
        Path first = jmhFile(jmh.resolve("codec-1.json"), thrpt(CODEC, 100_000));
        BaselinePromoter promoter = new BaselinePromoter(results);

        Promotion initial = promoter.promoteJmh(first, "codec");
        assertThat(initial.replaced()).isEmpty();
        assertThat(initial.files()).containsExactly("environment.json", "result.json");
        assertThat(initial.describe()).contains("no previous baseline");

        Path second = jmhFile(jmh.resolve("codec-2.json"), thrpt(CODEC, 120_000));
        Promotion replacing = promoter.promoteJmh(second, "codec");

        Path baseline = results.resolve("baselines/jmh/codec");
        assertThat(replacing.target()).isEqualTo(baseline);
        assertThat(replacing.replaced()).hasValueSatisfying(r -> {
            assertThat(r.files()).containsExactly("environment.json", "result.json");
            assertThat(r.environment().gitCommit()).startsWith("0123456789");
        });
        assertThat(replacing.describe()).contains("replaced the previous baseline").contains("commit 0123456789");
        assertThat(Files.readString(baseline.resolve("result.json"))).isEqualTo(Files.readString(second));
        try (var leftovers = Files.list(results.resolve("baselines/jmh"))) {
            assertThat(leftovers).containsExactly(baseline);
        }
        // The promoted folder is directly usable as a gate baseline.
        assertThat(Comparison.jmh(baseline, second, Thresholds.defaults(), Comparison.Options.standard())
                .environmentMismatch()).isFalse();
    }

    @Test
    void aJmhRunWithoutEnvironmentIsRefused() throws IOException {
        Path file = jmhFile(dir.resolve("codec.json"), thrpt(CODEC, 100_000));
        assertThatThrownBy(() -> new BaselinePromoter(dir.resolve("results")).promoteJmh(file, "codec"))
                .isInstanceOf(GateInputException.class).hasMessageContaining("no environment.json")
                .hasMessageContaining("gate env");
        assertThat(dir.resolve("results/baselines/jmh/codec")).doesNotExist();
    }

    @Test
    void promotingALoadRunCopiesSummaryHistogramsAndEnvironment() throws IOException {
        Path run = dir.resolve("results/load/steady/2025-01-31T12-00-00Z");
        LoadSummary base = Fixtures.summary("steady", 20, 5000, AlarmState.OK);
        LoadSummary withHistograms = new LoadSummary(base.scenario(), base.startedAt(), base.durationSeconds(),
                base.environment(), base.metrics(), base.alarms(), Map.of("publish", "histograms/publish.hlog"));
        withHistograms.write(run.resolve("summary.json"));
        Files.createDirectories(run.resolve("histograms"));
        Files.writeString(run.resolve("histograms/publish.hlog"), "#[StartTime: 1.000 (seconds since epoch)]\n");

        Promotion promotion = new BaselinePromoter(dir.resolve("results")).promoteLoad(run, null);

        Path baseline = dir.resolve("results/baselines/load/steady");
        assertThat(promotion.target()).isEqualTo(baseline);
        assertThat(promotion.files()).containsExactly("environment.json", "histograms/publish.hlog", "summary.json");
        assertThat(LoadSummary.read(baseline)).isEqualTo(withHistograms);
    }

    @Test
    void aSummaryNamingAHistogramOutsideTheRunIsRefused() throws IOException {
        Path run = dir.resolve("run");
        LoadSummary base = Fixtures.summary("steady", 20, 5000, AlarmState.OK);
        new LoadSummary(base.scenario(), base.startedAt(), 60, base.environment(), base.metrics(), base.alarms(),
                Map.of("publish", "../elsewhere.hlog")).write(run.resolve("summary.json"));

        assertThatThrownBy(() -> new BaselinePromoter(dir.resolve("results")).promoteLoad(run, "steady"))
                .isInstanceOf(GateInputException.class).hasMessageContaining("histograms.\"publish\"");
    }

    @Test
    void aBaselineNameMustBeAFolderName() throws IOException {
        Path results = dir.resolve("results");
        Path jmh = Files.createDirectories(results.resolve("jmh"));
        Fixtures.environment(2, "17.0.15", "4.4.0").write(jmh.resolve("environment.json"));
        Path file = jmhFile(jmh.resolve("codec.json"), thrpt(CODEC, 100_000));

        assertThatThrownBy(() -> new BaselinePromoter(results).promoteJmh(file, "../escape"))
                .isInstanceOf(GateInputException.class).hasMessageContaining("baseline name '../escape'");
    }
}
