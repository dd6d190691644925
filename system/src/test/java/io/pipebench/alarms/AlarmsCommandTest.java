package io.pipebench.alarms;

import io.pipebench.cli.PipebenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The 'pipebench alarms' command line, end to end through PipebenchCli. */
class AlarmsCommandTest {

    @Test
    void checkAcceptsTheBuiltInRulesAndRefusesABrokenFile(@TempDir Path dir) throws IOException {
        Run ok = run("alarms", "check");
        assertThat(ok.code).isZero();
        assertThat(ok.out).contains("high-producer-latency").contains("7 rule(s), 5 enabled, all valid");

        Path broken = dir.resolve("alarms.yaml");
        Files.writeString(broken, AlarmCatalogTest.yaml(Map.of("periodSeconds", "45")));
        Run bad = run("alarms", "check", "--file", broken.toString());
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("rule 'broken-rule': field 'periodSeconds'");
    }

    @Test
    void exportWritesOneFilePerAlarmOrATemplate(@TempDir Path dir) {
        Run cli = run("alarms", "export", "--format", "cli-json", "--namespace", "genai-demo", "--sns-topic",
                "arn:aws:sns:eu-west-1:123456789012:ops", "--out", dir.resolve("cli").toString());
        assertThat(cli.code).isZero();
        assertThat(dir.resolve("cli").resolve("high-consumer-lag.json")).exists();
        Run cfn = run("alarms", "export", "--format", "cloudformation", "--out", dir.resolve("cfn").toString());
        assertThat(cfn.code).isZero();
        assertThat(dir.resolve("cfn").resolve(CloudWatchExport.TEMPLATE_FILE)).exists();
        Run wrong = run("alarms", "export", "--format", "terraform");
        assertThat(wrong.code).isEqualTo(2);
        assertThat(wrong.err).contains("--format 'terraform'");
    }

    @Test
    void evaluateExitsOneWhenAnAlarmFiredAndPrintsTheVerdicts(@TempDir Path dir) {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<MetricSample> samples = new ArrayList<>();
        for (int s = 0; s < 600; s += 5) {
            samples.add(new MetricSample(t0.plusSeconds(s), "kafka.consumer.lag",
                    Map.of("group", "orders", "statistic", "sum"), s < 300 ? 10 : 1500));
        }
        Path timeline = dir.resolve("run.jsonl");
        MetricTimeline.of(samples).write(timeline);
        Run r = run("alarms", "evaluate", "--timeline", timeline.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.out).containsPattern("high-consumer-lag\\s+ALARM\\s+NO\\s+1500.0");
        assertThat(r.out).containsPattern("message-processing-failures\\s+OK\\s+yes");
        assertThat(r.out).contains("OK -> ALARM");

        List<MetricSample> calm = samples.stream().filter(s -> s.value() < 100).toList();
        MetricTimeline.of(calm).write(timeline);
        assertThat(run("alarms", "evaluate", "--timeline", timeline.toString()).code).isZero();
    }

    /** A timeline without a single lag sample cannot say whether the lag alarm would fire: that fails closed. */
    @Test
    void evaluateFailsWhenAnAlarmEndsWithoutDataUnlessAllowed(@TempDir Path dir) {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<MetricSample> samples = new ArrayList<>();
        for (int s = 0; s < 600; s += 5) {
            samples.add(MetricSample.of(t0.plusSeconds(s), "kafka.producer.latency", 12));
        }
        Path timeline = dir.resolve("no-lag.jsonl");
        MetricTimeline.of(samples).write(timeline);
        Run r = run("alarms", "evaluate", "--timeline", timeline.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.out).containsPattern("high-consumer-lag\\s+INSUFFICIENT_DATA\\s+NO DATA");
        assertThat(r.out).contains("could not be evaluated, which fails closed");
        assertThat(run("alarms", "evaluate", "--allow-no-data", "--timeline", timeline.toString()).code).isZero();
    }

    @Test
    void evaluatePrintsThatATimelineShorterThanThePeriodIsJudgedOnAPartialPeriod(@TempDir Path dir) {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<MetricSample> samples = new ArrayList<>();
        for (int s = 0; s <= 40; s += 5) {
            samples.add(new MetricSample(t0.plusSeconds(s), "kafka.consumer.lag",
                    Map.of("group", "orders", "statistic", "sum"), 1500));
        }
        Path timeline = dir.resolve("short.jsonl");
        MetricTimeline.of(samples).write(timeline);
        Run r = run("alarms", "evaluate", "--timeline", timeline.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.out).contains("high-consumer-lag: the 40 s timeline is shorter than the 300 s period: judged on "
                + "a partial period (40 s of data)");
        assertThat(r.out).contains("dead-letter-queue-growth: the 40 s timeline is shorter than the 600 s period");
        assertThat(r.out).contains("Judged on a partial period: the datapoint of 2025-01-01T00:00:00Z covers only 40 s");
    }

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = PipebenchCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
