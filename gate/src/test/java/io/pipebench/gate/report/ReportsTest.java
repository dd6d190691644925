package io.pipebench.gate.report;

import static io.pipebench.gate.Fixtures.avgt;
import static io.pipebench.gate.Fixtures.jmhFile;
import static io.pipebench.gate.Fixtures.thrpt;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.baseline.BaselinePromoter;
import io.pipebench.gate.model.AlarmState;
import io.pipebench.gate.model.EnvironmentInfo;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    private static final String CODEC = "io.pipebench.benchmarks.CodecBenchmark.";

    @TempDir
    Path dir;

    @Test
    void jmhReportRanksEachGroupBestFirstAndDrawsErrorBars() throws IOException {
        Path jmh = Files.createDirectories(dir.resolve("jmh"));
        Fixtures.environment(2, "17.0.15", "4.4.0").write(jmh.resolve("environment.json"));
        Path file = jmhFile(jmh.resolve("codec.json"),
                thrpt(CODEC + "encode", 50_000).param("codec", "json").allocation(400),
                thrpt(CODEC + "encode", 150_000).param("codec", "avro").allocation(120),
                avgt(CODEC + "decode", 30).param("codec", "json"),
                avgt(CODEC + "decode", 10).param("codec", "avro"));

        List<Path> written = JmhReport.write(file, jmh.resolve("summary.md"), "png", "codec");

        String md = Files.readString(jmh.resolve("summary.md"));
        assertThat(written).hasSize(3);
        assertThat(md).contains("## CodecBenchmark.encode (thrpt, ops/s)", "## CodecBenchmark.decode (avgt, us/op)");
        assertThat(md).contains("Environment: 2 CPUs", "Kafka 4.4.0");
        // Throughput: highest first. Average time: lowest first.
        int encode = md.indexOf("## CodecBenchmark.encode");
        int decode = md.indexOf("## CodecBenchmark.decode");
        assertThat(md.indexOf("| 1 | avro | codec=avro", encode)).isPositive().isLessThan(md.indexOf("| 2 | json | codec=json", encode));
        assertThat(md.indexOf("| 1 | avro | codec=avro", decode)).isPositive().isLessThan(md.indexOf("| 2 | json | codec=json", decode));
        assertThat(md).contains("Allocation").containsPattern("\\| 1 \\| avro \\| codec=avro \\|.*\\| best \\| 1\\d\\d\\.\\d B/op \\|")
                .containsPattern("\\| -66\\.\\d% \\|");
        for (Path chart : written.subList(1, 3)) {
            assertThat(chart.getFileName().toString()).startsWith("summary-codecbenchmark-").endsWith(".png");
            assertThat(md).contains("](" + chart.getFileName() + ")");
            assertThat(javax.imageio.ImageIO.read(chart.toFile()).getWidth()).isGreaterThanOrEqualTo(640);
        }
    }

    @Test
    void svgChartsAreWrittenToo() throws IOException {
        Path file = jmhFile(dir.resolve("codec.json"), thrpt(CODEC + "encode", 50_000));

        List<Path> written = JmhReport.write(file, dir.resolve("out/summary.md"), "svg");

        assertThat(written.get(1).toString()).endsWith(".svg");
        assertThat(Files.readString(written.get(1))).contains("<svg");
        assertThat(Files.readString(written.get(0))).contains("Environment: JVM");
    }

    @Test
    void trendReportIndexesHistoryAndBaselinesWithCharts() throws IOException {
        Path results = dir.resolve("results");
        Path jmh = Files.createDirectories(results.resolve("jmh"));
        for (int day = 1; day <= 3; day++) {
            Path run = jmhFile(jmh.resolve("codec-" + day + ".json"),
                    thrpt(CODEC + "encode", 100_000 + day * 10_000).seed(day));
            EnvironmentInfo env = Fixtures.environment(2, "17.0.15", "4.4.0");
            new EnvironmentInfo(env.cpuCount(), env.cpuModel(), env.osName(), env.osVersion(), env.jvmVendor(),
                    env.jvmVersion(), env.kafkaVersion(), env.gitCommit(),
                    Instant.parse("2025-01-0" + day + "T00:00:00Z"), env.gitDirty())
                    .write(jmh.resolve("codec-" + day + ".environment.json"));
            if (day == 2) {
                new BaselinePromoter(results).promoteJmh(run, "codec");
            }
        }
        for (int day = 1; day <= 2; day++) {
            LoadSummary s = Fixtures.summary("steady", 20 + day, 5000, AlarmState.OK);
            new LoadSummary(s.scenario(), Instant.parse("2025-01-0" + day + "T00:00:00Z"), 60, s.environment(),
                    s.metrics(), s.alarms(), s.histograms())
                    .write(results.resolve("load/steady/2025-01-0" + day + "/summary.json"));
        }

        List<Path> written = TrendReport.write(results, results.resolve("TRENDS.md"), "png");

        String md = Files.readString(results.resolve("TRENDS.md"));
        assertThat(md).contains("from 4 JMH result file(s) and 2 load-test summaries");
        assertThat(md).contains("## JMH: CodecBenchmark (thrpt)").contains("## Load: steady (ms)")
                .contains("## Load: steady (events/s)");
        // The baseline is a copy of run 2: it is shown once; latest is run 3, 130k vs the 120k baseline.
        assertThat(md).containsPattern("\\| encode@thrpt \\| 3 \\| 1\\d{5} \\| 1\\d{5} \\(2025-01-03\\) \\| 1\\d{5} \\| \\+");
        assertThat(md).contains("| publish.latency.p95 | 2 | 21.00 | 22.00 (2025-01-02) | - |");
        assertThat(written).hasSize(4);
        for (Path chart : written.subList(1, written.size())) {
            assertThat(chart.getParent().getFileName().toString()).isEqualTo("charts");
            assertThat(md).contains("](charts/" + chart.getFileName() + ")");
            assertThat(javax.imageio.ImageIO.read(chart.toFile())).isNotNull();
        }
    }
}
