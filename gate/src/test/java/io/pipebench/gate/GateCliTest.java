package io.pipebench.gate;

import static io.pipebench.gate.Fixtures.jmhFile;
import static io.pipebench.gate.Fixtures.thrpt;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.gate.model.AlarmState;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateCliTest {

    private static final String CODEC = "io.pipebench.benchmarks.CodecBenchmark.encode";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path thresholds;

    @BeforeEach
    void environments() throws IOException {
        Fixtures.environment(2, "17.0.15", "4.4.0").write(dir.resolve("environment.json"));
        thresholds = Files.writeString(dir.resolve("gate.yaml"), "alpha: 0.01\nminimum-effect: 0.10\n");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return GateCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private int compareLoad(String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "load", "--baseline", dir.resolve("base").toString(),
                "--candidate", dir.resolve("cand").toString(), "--thresholds", thresholds.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private int compareJmh(String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "jmh", "--baseline", dir.resolve("base.json").toString(),
                "--candidate", dir.resolve("cand.json").toString(), "--thresholds", thresholds.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static LoadSummary withMetric(LoadSummary summary, String name, LoadMetric metric) {
        Map<String, LoadMetric> metrics = new LinkedHashMap<>(summary.metrics());
        if (metric == null) {
            metrics.remove(name);
        } else {
            metrics.put(name, metric);
        }
        return new LoadSummary(summary.scenario(), summary.startedAt(), summary.durationSeconds(),
                summary.environment(), metrics, summary.alarms(), summary.histograms());
    }

    private static LoadSummary steady() {
        return Fixtures.summary("steady", 20, 5000, AlarmState.OK);
    }

    /** Exit 2, and stderr is one line that names the file (and whatever else must be in it). */
    private void assertBadInput(int code, Path file, String... mentions) {
        assertThat(code).as(out + err.toString()).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("gate: ").contains(file.toString())
                .contains(mentions);
    }

    @Test
    void aThroughputRegressionExitsOneAndWritesMarkdown() throws IOException {
        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000).seed(1));
        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 80_000).seed(2));
        Path md = dir.resolve("pr/gate.md");

        int code = run("compare", "jmh", "--baseline", dir.resolve("base.json").toString(), "--candidate",
                dir.resolve("cand.json").toString(), "--thresholds", thresholds.toString(), "--markdown", md.toString());

        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL (1 regressed)").contains("CodecBenchmark.encode@thrpt")
                .contains("REGRESSED").containsPattern("-(19|20)\\.\\d%");
        assertThat(Files.readString(md)).contains("| `CodecBenchmark.encode@thrpt` |").contains("**regressed**");
    }

    @Test
    void anImprovementExitsZero() throws IOException {
        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000).seed(1));
        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 120_000).seed(2));

        int code = run("compare", "jmh", "--baseline", dir.resolve("base.json").toString(), "--candidate",
                dir.resolve("cand.json").toString(), "--thresholds", thresholds.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("PASS").contains("improved");
    }

    @Test
    void loadComparisonWithAnAlarmExitsOne() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), Fixtures.summary("steady", 20, 5000, AlarmState.OK));
        Fixtures.runFolder(dir.resolve("cand"), Fixtures.summary("steady", 20, 5000, AlarmState.ALARM));

        int code = run("compare", "load", "--baseline", dir.resolve("base").toString(), "--candidate",
                dir.resolve("cand").toString(), "--thresholds", thresholds.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("steady/alarm:consumer-lag").contains("REGRESSED");
    }

    @Test
    void badInputExitsTwoWithAMessageNamingTheProblem() throws IOException {
        Files.writeString(thresholds, "alpha: 0.01\nminimum_effect: 0.1\n");
        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000));

        assertThat(run("compare", "jmh", "--baseline", dir.resolve("base.json").toString(), "--candidate",
                dir.resolve("base.json").toString(), "--thresholds", thresholds.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("gate: ").contains("unknown key 'minimum_effect'");

        assertThat(run("compare", "jmh", "--baseline", dir.resolve("nope.json").toString(), "--candidate",
                dir.resolve("base.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.json: JMH result file not found");

        assertThat(run("compare", "jmh", "--candidate", "x.json")).as("usage error").isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--baseline");
    }

    @Test
    void aLoadRunWithoutHistogramsIsBadInput() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        LoadSummary none = new LoadSummary("steady", steady().startedAt(), 300, steady().environment(),
                steady().metrics(), steady().alarms(), Map.of());
        Fixtures.runFolder(dir.resolve("cand"), none);
        assertBadInput(compareLoad(), dir.resolve("cand/summary.json"), "'histograms' names no HdrHistogram log");

        Fixtures.runFolder(dir.resolve("cand"), steady());
        Files.delete(dir.resolve("base").resolve(Fixtures.HISTOGRAM));
        assertBadInput(compareLoad(), dir.resolve("base/summary.json"), "histograms.\"publish-latency\"",
                "is not a file inside the run folder");

        Fixtures.runFolder(dir.resolve("base"), steady());
        Files.writeString(dir.resolve("base").resolve(Fixtures.HISTOGRAM), "#[StartTime: 1.000]\n");
        assertBadInput(compareLoad(), dir.resolve("base").resolve(Fixtures.HISTOGRAM), "no interval histograms");
    }

    @Test
    void aCandidateMissingOneOfTheBaselinesHistogramsIsBadInput() throws IOException {
        Map<String, String> two = Map.of("publish-latency", Fixtures.HISTOGRAM, "stored-latency", "stored.hlog");
        Fixtures.runFolder(dir.resolve("base"), new LoadSummary("steady", steady().startedAt(), 300,
                steady().environment(), steady().metrics(), steady().alarms(), two));
        Fixtures.runFolder(dir.resolve("cand"), steady());
        assertBadInput(compareLoad(), dir.resolve("cand/summary.json"), "no \"stored-latency\"",
                dir.resolve("base/summary.json").toString());
    }

    @Test
    void aNanOrNegativeLoadFigureIsBadInputNamingFileAndMetric() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        // Jackson writes NaN as the string "NaN"; a hand-written or other writer's file may hold the bare token.
        Fixtures.runFolder(dir.resolve("cand"), withMetric(steady(), "cpu.perEvent.harness",
                new LoadMetric(Double.NaN, "us/event", Better.LOWER)));
        assertBadInput(compareLoad(), dir.resolve("cand/summary.json"), "metrics.\"cpu.perEvent.harness\".value is NaN");

        Path summary = dir.resolve("cand/summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"NaN\"", "NaN"));
        assertBadInput(compareLoad(), summary, "metrics.\"cpu.perEvent.harness\".value is NaN");

        Fixtures.runFolder(dir.resolve("cand"), steady());
        Fixtures.runFolder(dir.resolve("base"), withMetric(steady(), "publish.latency.p95",
                new LoadMetric(-3, "ms", Better.LOWER)));
        assertBadInput(compareLoad(), dir.resolve("base/summary.json"),
                "metrics.\"publish.latency.p95\".value is negative (-3.0)");
    }

    @Test
    void aToleranceThatCanNeverFailAHigherIsBetterFigureIsBadInput() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        Fixtures.runFolder(dir.resolve("cand"), steady());
        Files.writeString(thresholds, "overrides:\n  - match: \"*/publish.*\"\n    tolerance: 1.0\n");
        assertBadInput(compareLoad(), thresholds, "\"*/publish.*\"", "steady/publish.throughput", "below 1");
    }

    /** A run compared with itself (folder or its summary.json) passed whatever it held. */
    @Test
    void aCandidateThatIsTheBaselineFolderIsBadInput() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        Path base = dir.resolve("base");
        assertBadInput(run("compare", "load", "--baseline", base.toString(), "--candidate",
                base.resolve(".").toString(), "--thresholds", thresholds.toString()), base, "the same run folder");
        Fixtures.runFolder(dir.resolve("other"), steady());
        assertBadInput(run("compare", "load", "--baseline", dir.resolve("other").toString(), "--baseline",
                base.toString(), "--candidate", base.resolve("summary.json").toString(), "--thresholds",
                thresholds.toString()), base, "the same run folder");
    }

    /** These errors named only the metric: with bracketing baselines, which file was wrong was a guess. */
    @Test
    void aUnitOrDirectionMismatchAndADuplicateBenchmarkNameTheFile() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        Fixtures.runFolder(dir.resolve("cand"), withMetric(steady(), "publish.latency.p95",
                new LoadMetric(0.02, "s", Better.LOWER)));
        assertBadInput(compareLoad(), dir.resolve("cand/summary.json"), "publish.latency.p95",
                dir.resolve("base/summary.json").toString(), "same unit");
        Fixtures.runFolder(dir.resolve("cand"), withMetric(steady(), "publish.latency.p95",
                new LoadMetric(20, "ms", Better.HIGHER)));
        assertBadInput(compareLoad(), dir.resolve("cand/summary.json"), "publish.latency.p95",
                dir.resolve("base/summary.json").toString(), "better=");

        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000), thrpt(CODEC, 100_000));
        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 100_000));
        assertBadInput(compareJmh(), dir.resolve("base.json"), "twice");
    }

    @Test
    void twoDifferentScenariosAreBadInputNamingTheFiles() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        Fixtures.runFolder(dir.resolve("cand"), Fixtures.summary("spike", 20, 5000, AlarmState.OK));

        assertBadInput(compareLoad(), dir.resolve("cand/summary.json"), "scenario 'spike'",
                dir.resolve("base/summary.json") + " is 'steady'");
    }

    @Test
    void anEmptyBaselineIsBadInput() throws IOException {
        Fixtures.runFolder(dir.resolve("cand"), steady());
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/summary.json"), """
                {"scenario":"steady","startedAt":"2025-01-31T12:00:00Z","durationSeconds":60,"metrics":{}}""");
        assertBadInput(compareLoad(), dir.resolve("base/summary.json"), "'metrics' is empty");

        Files.delete(dir.resolve("base/summary.json"));
        assertBadInput(compareLoad(), dir.resolve("base/summary.json"), "not found");

        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 100_000));
        Files.writeString(dir.resolve("base.json"), "[]");
        assertBadInput(compareJmh(), dir.resolve("base.json"), "holds no benchmarks");

        Files.writeString(dir.resolve("base.json"), "");
        assertBadInput(compareJmh(), dir.resolve("base.json"), "is empty");
    }

    @Test
    void aNanOrNegativeJmhScoreIsBadInputNamingFileAndBenchmark() throws IOException {
        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000));
        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 100_000));
        Path cand = dir.resolve("cand.json");
        Files.writeString(cand, Files.readString(cand).replaceFirst("\"score\" : [0-9.E]+", "\"score\" : \"NaN\""));
        assertBadInput(compareJmh(), cand, CODEC, "primaryMetric: 'score' is NaN");

        Files.writeString(cand, Files.readString(cand).replace("\"score\" : \"NaN\"", "\"score\" : -5.0"));
        assertBadInput(compareJmh(), cand, CODEC, "'score' is -5.0");
    }

    @Test
    void aNanOrNegativeJmhIterationIsBadInputNotDropped() throws IOException {
        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000));
        Path cand = dir.resolve("cand.json");
        jmhFile(cand, thrpt(CODEC, 100_000));
        String good = Files.readString(cand);
        String firstIteration = "\"rawData\" : \\[\\s*\\[\\s*[0-9.E]+";
        Files.writeString(cand, good.replaceFirst(firstIteration, "\"rawData\" : [ [ \"NaN\""));
        assertBadInput(compareJmh(), cand, CODEC, "fork 1 iteration 1 is NaN");

        Files.writeString(cand, good.replaceFirst(firstIteration, "\"rawData\" : [ [ -7.0"));
        assertBadInput(compareJmh(), cand, CODEC, "fork 1 iteration 1 is -7.0");
    }

    @Test
    void malformedJsonIsReportedOnOneLine() throws IOException {
        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 100_000));
        Files.writeString(dir.resolve("base.json"), "[{\"benchmark\": \n\n");

        assertBadInput(compareJmh(), dir.resolve("base.json"), "not valid JSON");
    }

    @Test
    void aMetricMissingFromTheCandidateFailsUnlessAllowed() throws IOException {
        Fixtures.runFolder(dir.resolve("base"), steady());
        Fixtures.runFolder(dir.resolve("cand"), withMetric(steady(), "publish.latency.p95", null));

        assertThat(compareLoad()).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL (1 missing from the candidate (--allow-missing to accept))")
                .contains("steady/publish.latency.p95");

        assertThat(compareLoad("--allow-missing")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("PASS").contains("--allow-missing");
    }

    @Test
    void aOneForkBaselineFailsAsNotEvaluatedUnlessFewForksAreAllowed() throws IOException {
        // The shape of the committed quick baselines before they are re-run with 3 forks.
        jmhFile(dir.resolve("base.json"), thrpt(CODEC, 100_000).shape(1, 3).seed(1));
        jmhFile(dir.resolve("cand.json"), thrpt(CODEC, 100_000).shape(3, 2).seed(2));

        assertThat(compareJmh()).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL (1 not evaluated)").contains("NOT EVALUATED")
                .contains("re-run and promote the baseline with -f 3").contains("gate promote jmh");

        assertThat(compareJmh("--allow-few-forks")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("PASS").contains("few forks: p=").contains("pooled iterations");
    }

    @Test
    void helpExplainsTheGateToANewcomer() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("compare", "merge", "promote", "report", "env",
                "Exit codes: 0 pass, 1 regression", "results/gate.yaml");

        assertThat(run("compare", "jmh", "--help")).isZero();
        assertThat(out.toString()).contains("Welch's t-test", "fork means", "--strict-environment", "--markdown",
                "--allow-missing", "--allow-few-forks");
    }

    @Test
    void envWritesEnvironmentJsonAndPromoteUsesIt() throws IOException {
        Path results = dir.resolve("results");
        Path env = results.resolve("jmh/environment.json");
        assertThat(run("env", "--kafka-version", "4.4.0", "--out", env.toString())).isZero();
        jmhFile(results.resolve("jmh/codec.json"), thrpt(CODEC, 100_000));

        assertThat(run("promote", "jmh", "--name", "codec", "--results", results.toString(),
                results.resolve("jmh/codec.json").toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("baseline " + results.resolve("baselines/jmh/codec"));
        assertThat(Files.readString(results.resolve("baselines/jmh/codec/environment.json")))
                .contains("\"kafkaVersion\" : \"4.4.0\"");
    }
}
