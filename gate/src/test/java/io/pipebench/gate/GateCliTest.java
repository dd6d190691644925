package io.pipebench.gate;

import static io.pipebench.gate.Fixtures.jmhFile;
import static io.pipebench.gate.Fixtures.thrpt;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.gate.model.AlarmState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return GateCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
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
    void helpExplainsTheGateToANewcomer() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("compare", "merge", "promote", "report", "env",
                "Exit codes: 0 pass, 1 regression", "results/gate.yaml");

        assertThat(run("compare", "jmh", "--help")).isZero();
        assertThat(out.toString()).contains("Welch's t-test", "--strict-environment", "--markdown");
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
