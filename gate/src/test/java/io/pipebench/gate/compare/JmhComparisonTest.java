package io.pipebench.gate.compare;

import static io.pipebench.gate.Fixtures.avgt;
import static io.pipebench.gate.Fixtures.jmhFile;
import static io.pipebench.gate.Fixtures.thrpt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.Json;
import io.pipebench.gate.model.EnvironmentInfo;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhComparisonTest {

    private static final String CODEC = "io.pipebench.benchmarks.CodecBenchmark.encode";

    @TempDir
    Path dir;

    @BeforeEach
    void sameEnvironment() throws IOException {
        Fixtures.environment(2, "17.0.15", "4.4.0").write(dir.resolve("base.environment.json"));
        Fixtures.environment(2, "17.0.15", "4.4.0").write(dir.resolve("cand.environment.json"));
    }

    private ComparisonReport compare(Fixtures.Bench baseline, Fixtures.Bench candidate) throws IOException {
        return compare(baseline, candidate, Thresholds.defaults(), Comparison.Options.standard());
    }

    private ComparisonReport compare(Fixtures.Bench baseline, Fixtures.Bench candidate, Thresholds thresholds,
                                     Comparison.Options options) throws IOException {
        return Comparison.jmh(jmhFile(dir.resolve("base.json"), baseline), jmhFile(dir.resolve("cand.json"), candidate),
                thresholds, options);
    }

    private static final Comparison.Options FEW_FORKS_ALLOWED = new Comparison.Options(false, false, true);

    private static MetricComparison only(ComparisonReport report) {
        assertThat(report.rows()).hasSize(1);
        return report.rows().get(0);
    }

    @Test
    void twentyPercentThroughputDropFails() throws IOException {
        ComparisonReport report = compare(thrpt(CODEC, 100_000).seed(1), thrpt(CODEC, 80_000).seed(2));

        MetricComparison row = only(report);
        assertThat(row.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(row.change()).isCloseTo(-0.20, org.assertj.core.data.Offset.offset(0.02));
        assertThat(row.statistic()).startsWith("p").contains("fork means, n=5/5");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.environmentMismatch()).isFalse();
    }

    @Test
    void twentyPercentThroughputGainPassesAsImproved() throws IOException {
        ComparisonReport report = compare(thrpt(CODEC, 100_000).seed(1), thrpt(CODEC, 120_000).seed(2));

        assertThat(only(report).verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void thirtyPercentAverageTimeRiseFails() throws IOException {
        ComparisonReport report = compare(avgt(CODEC, 12.0).seed(3), avgt(CODEC, 15.6).seed(4));

        assertThat(only(report).verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void averageTimeDropIsAnImprovementNotARegression() throws IOException {
        // The mistake this gate exists to avoid: treating every score as one direction.
        ComparisonReport report = compare(avgt(CODEC, 12.0).seed(3), avgt(CODEC, 8.0).seed(4));

        assertThat(only(report).verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void noiseWithinTheConfidenceIntervalIsUnchanged() throws IOException {
        ComparisonReport report = compare(thrpt(CODEC, 100_000).seed(5), thrpt(CODEC, 100_000).seed(6));

        MetricComparison row = only(report);
        assertThat(row.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(Math.abs(row.change())).isLessThan(0.02);
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void significantButSmallDropIsBelowTheMinimumEffect() throws IOException {
        // 0.1% noise makes a 4% drop overwhelmingly significant, yet it is under the 10% minimum effect.
        ComparisonReport report = compare(thrpt(CODEC, 100_000).noise(0.001).seed(1),
                thrpt(CODEC, 96_000).noise(0.001).seed(2));

        MetricComparison row = only(report);
        assertThat(row.statistic()).containsPattern("^p[<=]\\d(\\.\\d)?e-\\d\\d");
        assertThat(row.verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void aLargeButInsignificantDropIsNotARegression() throws IOException {
        // 40% noise with 3 forks x 2 iterations: a 15% drop cannot be told from chance at alpha 0.01.
        ComparisonReport report = compare(thrpt(CODEC, 100_000).noise(0.4).shape(3, 2).seed(7),
                thrpt(CODEC, 85_000).noise(0.4).shape(3, 2).seed(8));

        assertThat(only(report).verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void withoutRawDataOverlappingConfidenceIntervalsAreUnchanged() throws IOException {
        ComparisonReport report = compare(thrpt(CODEC, 100_000).noise(0.05).withoutRawData().seed(1),
                thrpt(CODEC, 97_000).noise(0.05).withoutRawData().seed(2), Thresholds.defaults(), FEW_FORKS_ALLOWED);

        MetricComparison row = only(report);
        assertThat(row.statistic()).isEqualTo("few forks: 99.9% CI overlap");
        assertThat(row.verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void withoutRawDataDisjointIntervalsAndALargeDropRegress() throws IOException {
        ComparisonReport report = compare(thrpt(CODEC, 100_000).withoutRawData().seed(1),
                thrpt(CODEC, 70_000).withoutRawData().seed(2), Thresholds.defaults(), FEW_FORKS_ALLOWED);

        MetricComparison row = only(report);
        assertThat(row.statistic()).isEqualTo("few forks: 99.9% CI disjoint");
        assertThat(row.verdict()).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void allocationPerOperationIsLowerIsBetterAndOtherGcFiguresAreNotGated() throws IOException {
        ComparisonReport report = compare(thrpt(CODEC, 100_000).allocation(240).noise(0.01).seed(1),
                thrpt(CODEC, 100_500).allocation(360).noise(0.01).seed(2));

        assertThat(report.rows()).extracting(MetricComparison::metric, MetricComparison::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CODEC + "@thrpt", Verdict.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple(CODEC + "@thrpt:gc.alloc.rate.norm", Verdict.REGRESSED));
        assertThat(report.notes()).anyMatch(n -> n.contains("gc.alloc.rate") && n.contains("no known direction"));
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void paramsAreSortedIntoTheIdentityAndUnmatchedSetsAreNewOrMissing() throws IOException {
        ComparisonReport report = Comparison.jmh(
                jmhFile(dir.resolve("base.json"), thrpt(CODEC, 1000).param("size", "1024").param("codec", "json"),
                        thrpt(CODEC, 1000).param("size", "64").param("codec", "json")),
                jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 1000).param("codec", "json").param("size", "1024"),
                        thrpt(CODEC, 1000).param("size", "4096").param("codec", "json")),
                Thresholds.defaults(), Comparison.Options.standard());

        assertThat(report.rows()).extracting(MetricComparison::metric, MetricComparison::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CODEC + "{codec=json,size=1024}@thrpt", Verdict.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple(CODEC + "{codec=json,size=64}@thrpt", Verdict.MISSING),
                org.assertj.core.groups.Tuple.tuple(CODEC + "{codec=json,size=4096}@thrpt", Verdict.NEW));
        assertThat(report.exitCode()).as("a missing metric fails by default").isEqualTo(1);
        assertThat(report.failures()).containsExactly("1 missing from the candidate (--allow-missing to accept)");

        ComparisonReport allowed = Comparison.jmh(dir.resolve("base.json"), dir.resolve("cand.json"),
                Thresholds.defaults(), new Comparison.Options(false, true, false));
        assertThat(allowed.exitCode()).as("--allow-missing").isZero();
        assertThat(allowed.notes()).anyMatch(n -> n.startsWith("1 metric(s) missing") && n.contains("--allow-missing"));
    }

    @Test
    void scoresInDifferentTimeUnitsAreConvertedBeforeComparing() throws IOException {
        Fixtures.Bench perMs = new Fixtures.Bench(CODEC, "thrpt", "ops/ms", 100);
        ComparisonReport report = compare(thrpt(CODEC, 100_000).seed(1), perMs.seed(2));

        assertThat(only(report).verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(only(report).candidate()).endsWith("ops/s");
    }

    @Test
    void incomparableUnitsAreBadInput() throws IOException {
        Fixtures.Bench bytes = new Fixtures.Bench(CODEC, "thrpt", "B/op", 100);
        assertThatThrownBy(() -> compare(thrpt(CODEC, 100_000), bytes))
                .isInstanceOf(GateInputException.class).hasMessageContaining("ops/s").hasMessageContaining("B/op");
    }

    @Test
    void overridesSetAMetricsMinimumEffectAndIgnorePatternsDropIt() throws IOException {
        Thresholds strict = Thresholds.parse("""
                overrides:
                  - match: "*CodecBenchmark.encode*"
                    minimum-effect: 0.02
                ignore: ["*.decode*"]
                """, "test.yaml");
        ComparisonReport report = Comparison.jmh(
                jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000).noise(0.001).seed(1),
                        thrpt("io.pipebench.benchmarks.CodecBenchmark.decode", 50_000).seed(3)),
                jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 96_000).noise(0.001).seed(2),
                        thrpt("io.pipebench.benchmarks.CodecBenchmark.decode", 10_000).seed(4)),
                strict, Comparison.Options.standard());

        assertThat(only(report).verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(report.notes()).anyMatch(n -> n.startsWith("1 metric(s) matched an ignore pattern"));
    }

    @Test
    void aOneForkBaselineIsNotEvaluatedAndFailsWithTheFix() throws IOException {
        // The committed quick baselines have 1 fork: a 2x slowdown must not pass for want of a test.
        ComparisonReport report = compare(avgt(CODEC, 800).shape(1, 3).seed(1), avgt(CODEC, 1600).shape(3, 2).seed(2));

        MetricComparison row = only(report);
        assertThat(row.verdict()).isEqualTo(Verdict.NOT_EVALUATED);
        assertThat(row.statistic()).isEqualTo("forks 1/3: re-run and promote the baseline with -f 3");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.failures()).containsExactly("1 not evaluated");
        assertThat(report.notes()).anyMatch(n -> n.contains("at least 3 forks") && n.contains("-f 3")
                && n.contains("gate promote jmh") && n.contains("--allow-few-forks"));
        assertThat(ComparisonRenderer.text(report)).contains("NOT EVALUATED").contains("1 not evaluated");
        assertThat(ComparisonRenderer.markdown(report)).contains("**not evaluated**");
    }

    @Test
    void aCandidateWithTooFewForksOrNoRawDataIsNotEvaluatedEither() throws IOException {
        assertThat(only(compare(thrpt(CODEC, 100_000), thrpt(CODEC, 100_000).shape(2, 5))).statistic())
                .isEqualTo("forks 5/2: re-run the candidate with -f 3");
        assertThat(only(compare(thrpt(CODEC, 100_000), thrpt(CODEC, 100_000).withoutRawData())).verdict())
                .isEqualTo(Verdict.NOT_EVALUATED);
    }

    @Test
    void allowingFewForksJudgesOnPooledIterationsAndSaysSo() throws IOException {
        ComparisonReport report = compare(avgt(CODEC, 800).shape(1, 3).noise(0.02).seed(1),
                avgt(CODEC, 1600).shape(1, 3).noise(0.02).seed(2), Thresholds.defaults(), FEW_FORKS_ALLOWED);

        MetricComparison row = only(report);
        assertThat(row.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(row.statistic()).startsWith("few forks: p").contains("pooled iterations, n=3/3");
        assertThat(report.notes()).anyMatch(n -> n.contains("--allow-few-forks") && n.contains("overstate"));
    }

    @Test
    void theTestIsOnForkMeansNotOnPooledIterations() throws IOException {
        // Forks differ by 5% (JIT), iterations inside a fork by 0.1%: pooling 3 x 10 iterations as 30 independent
        // samples calls a 5% move significant; three fork means a side cannot tell it from fork-to-fork noise.
        Thresholds noFloor = Thresholds.parse("minimum-effect: 0\nalpha: 0.01\n", "test.yaml");
        Fixtures.Bench base = thrpt(CODEC, 100_000).shape(3, 10).noise(0.001).forkNoise(0.05).seed(11);
        Fixtures.Bench cand = thrpt(CODEC, 95_000).shape(3, 10).noise(0.001).forkNoise(0.05).seed(12);
        ComparisonReport report = compare(base, cand, noFloor, Comparison.Options.standard());

        MetricComparison row = only(report);
        assertThat(row.statistic()).contains("fork means, n=3/3");
        assertThat(row.verdict()).isEqualTo(Verdict.UNCHANGED);
        var baseline = io.pipebench.gate.jmh.JmhResultFile.read(dir.resolve("base.json")).metrics().get(0);
        var candidate = io.pipebench.gate.jmh.JmhResultFile.read(dir.resolve("cand.json")).metrics().get(0);
        assertThat(baseline.forkMeans()).hasSize(3);
        assertThat(WelchTest.pValue(baseline.samples(), candidate.samples())).as("pooled iterations")
                .isLessThan(0.01);
    }

    @Test
    void theMinimumEffectIsSymmetricInLogSpace() throws IOException {
        // minimum-effect 0.40: a change counts from a factor of 1.4 either way. A throughput falling to 1/1.45 of
        // the baseline (-31%) is as big a slowdown as a time rising 1.45x, and both regress; under the old relative
        // rule the throughput drop needed -40% (a 1.67x slowdown).
        Thresholds ci = Thresholds.parse("minimum-effect: 0.40\nalpha: 0.05\n", "test.yaml");
        Comparison.Options standard = Comparison.Options.standard();
        assertThat(only(compare(thrpt(CODEC, 100_000).noise(0.001).seed(1),
                thrpt(CODEC, 100_000 / 1.45).noise(0.001).seed(2), ci, standard)).verdict())
                .isEqualTo(Verdict.REGRESSED);
        assertThat(only(compare(avgt(CODEC, 800).noise(0.001).seed(1), avgt(CODEC, 800 * 1.45).noise(0.001).seed(2),
                ci, standard)).verdict()).isEqualTo(Verdict.REGRESSED);
        // A 1.35x slowdown is under the floor in both directions.
        assertThat(only(compare(thrpt(CODEC, 100_000).noise(0.001).seed(1),
                thrpt(CODEC, 100_000 / 1.35).noise(0.001).seed(2), ci, standard)).verdict())
                .isEqualTo(Verdict.UNCHANGED);
        assertThat(only(compare(avgt(CODEC, 800).noise(0.001).seed(1), avgt(CODEC, 800 * 1.35).noise(0.001).seed(2),
                ci, standard)).verdict()).isEqualTo(Verdict.UNCHANGED);
        // A 2x slowdown: throughput halved and time doubled are the same size; a 2x speed-up improves.
        MetricComparison halved = only(compare(thrpt(CODEC, 100_000).noise(0.001).seed(1),
                thrpt(CODEC, 50_000).noise(0.001).seed(2), ci, standard));
        assertThat(halved.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(JmhComparator.logRatio(100_000, 50_000)).isCloseTo(-JmhComparator.logRatio(800, 1600),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(only(compare(avgt(CODEC, 800).noise(0.001).seed(1), avgt(CODEC, 400).noise(0.001).seed(2),
                ci, standard)).verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void bracketedABenchmarkRegressesOnlyAgainstEveryBaseline() throws IOException {
        // .ci/run benchmarks the baseline's code before and after the candidate: the machine drifted between them.
        Fixtures.environment(2, "17.0.15", "4.4.0").write(dir.resolve("after.environment.json"));
        Thresholds floor = Thresholds.parse("minimum-effect: 0.20\nalpha: 0.05\n", "test.yaml");
        Path before = jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000).noise(0.001).seed(1));
        Path fastAfter = jmhFile(dir.resolve("after.json"), thrpt(CODEC, 140_000).noise(0.001).seed(3));
        Path slowCandidate = jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 75_000).noise(0.001).seed(2));

        ComparisonReport both = Comparison.jmh(java.util.List.of(before, fastAfter), slowCandidate, floor,
                Comparison.Options.standard());
        MetricComparison row = only(both);
        assertThat(row.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(row.change()).as("the kindest comparison is shown").isCloseTo(-0.25,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(row.statistic()).contains("against each baseline -25.0%, -46.4%");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(only(Comparison.jmh(java.util.List.of(fastAfter, before), slowCandidate, floor,
                Comparison.Options.standard())).verdict()).as("the baselines' order does not matter")
                .isEqualTo(Verdict.REGRESSED);

        // Slower than the fast baseline only (by drift, -25% of 140k is 105k): not a regression.
        Path driftOnly = jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 105_000).noise(0.001).seed(2));
        ComparisonReport one = Comparison.jmh(java.util.List.of(before, fastAfter), driftOnly, floor,
                Comparison.Options.standard());
        assertThat(only(one).verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(one.exitCode()).isZero();
        assertThat(one.notes()).anyMatch(n -> n.contains("2 baselines (bracketed)"));

        assertThat(only(Comparison.jmh(java.util.List.of(fastAfter, before), driftOnly, floor,
                Comparison.Options.standard())).verdict()).isEqualTo(Verdict.UNCHANGED);

        // A candidate that lacks the benchmark still fails closed.
        Path other = jmhFile(dir.resolve("cand.json"), thrpt(CODEC + "Other", 100_000).noise(0.001).seed(2));
        ComparisonReport missing = Comparison.jmh(java.util.List.of(before, fastAfter), other, floor,
                Comparison.Options.standard());
        assertThat(missing.rows()).anyMatch(r -> r.verdict() == Verdict.MISSING);
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void bracketedTimesShowTheKinderSideAndOneUnjudgeableBaselineFailsClosed() throws IOException {
        Fixtures.environment(2, "17.0.15", "4.4.0").write(dir.resolve("after.environment.json"));
        Thresholds floor = Thresholds.parse("minimum-effect: 0.20\nalpha: 0.05\n", "test.yaml");
        Comparison.Options standard = Comparison.Options.standard();
        // Time per op (lower is better): 1000 ns, then 1300 ns: a candidate at 1100 ns is +10% and -15.4%; the kinder
        // side is the one it beat, and neither comparison regressed.
        Path before = jmhFile(dir.resolve("base.json"), avgt(CODEC, 1000).noise(0.001).seed(1));
        Path slowAfter = jmhFile(dir.resolve("after.json"), avgt(CODEC, 1300).noise(0.001).seed(3));
        Path candidate = jmhFile(dir.resolve("cand.json"), avgt(CODEC, 1100).noise(0.001).seed(2));
        MetricComparison row = only(Comparison.jmh(java.util.List.of(before, slowAfter), candidate, floor, standard));
        assertThat(row.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(row.change()).as("the kinder comparison: faster than the slow baseline").isNegative();
        // Twice as slow as both: regressed, whichever baseline comes first.
        Path doubled = jmhFile(dir.resolve("cand.json"), avgt(CODEC, 2600).noise(0.001).seed(2));
        assertThat(only(Comparison.jmh(java.util.List.of(slowAfter, before), doubled, floor, standard)).verdict())
                .isEqualTo(Verdict.REGRESSED);
        // One baseline with 2 forks cannot be judged: the benchmark is not evaluated and the gate fails.
        Path twoForks = jmhFile(dir.resolve("after.json"), avgt(CODEC, 1000).shape(2, 5).noise(0.001).seed(3));
        ComparisonReport report = Comparison.jmh(java.util.List.of(before, twoForks), candidate, floor, standard);
        assertThat(only(report).verdict()).isEqualTo(Verdict.NOT_EVALUATED);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aRiseFromZeroAllocationIsAnInfiniteEffect() {
        assertThat(JmhComparator.logRatio(0, 24)).isPositive().isInfinite();
        assertThat(JmhComparator.logRatio(24, 0)).isNegative().isInfinite();
        assertThat(JmhComparator.logRatio(0, 0)).isZero();
    }

    @Test
    void sampleModeIterationMeansComeFromTheRawHistograms() throws IOException {
        String json = """
                [{"benchmark":"b.S.m","mode":"sample","primaryMetric":{"score":2.0,"scoreError":"NaN",
                  "scoreUnit":"ms/op","rawDataHistogram":[[[[1.0,1],[3.0,1]],[[2.0,4]]],[[[4.0,2]]]]}}]
                """;
        Path file = dir.resolve("sample.json");
        java.nio.file.Files.writeString(file, json);
        var metric = io.pipebench.gate.jmh.JmhResultFile.read(file).metrics().get(0);

        assertThat(metric.samples()).containsExactly(2.0, 2.0, 4.0);
        assertThat(metric.forkMeans()).containsExactly(2.0, 4.0);
        assertThat(metric.error()).isNaN();
        assertThat(metric.better()).contains(io.pipebench.gate.model.Better.LOWER);
    }

    @Test
    void missingEnvironmentFilesAreFlaggedNotSilentlyCompared() throws IOException {
        java.nio.file.Files.delete(dir.resolve("cand.environment.json"));
        ComparisonReport report = compare(thrpt(CODEC, 100_000), thrpt(CODEC, 100_000));

        assertThat(report.environmentMismatch()).isTrue();
        assertThat(report.environmentDiffs()).extracting(EnvironmentCheck.Difference::field)
                .contains("cpuCount", "kafkaVersion");
        assertThat(report.notes()).anyMatch(n -> n.contains("no environment.json"));
        assertThat(Json.mapper().writeValueAsString(report.candidateEnv())).contains("17.0.15");
        assertThat(EnvironmentInfo.read(dir.resolve("base.environment.json")).cpuCount()).isEqualTo(2);
    }
}
