package io.pipebench.load.verdict;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.MetricSample;
import io.pipebench.load.measure.PipelineLedger;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunMeasurements;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.gate.model.AlarmState;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictsTest {

    /** Checks name groups as the command's driver does; these figures are the reference system's. */
    @BeforeAll
    static void referenceSystemGroupNames() {
        io.pipebench.load.measure.GroupLagView.labels(io.pipebench.load.driver.reference.ReferenceDriver::label);
    }

    private static final Instant START = Instant.parse("2026-01-01T10:00:30Z");
    private static final Instant END = START.plusSeconds(120);

    @Test
    void aBreachedAlarmFailsTheRunWithItsNameObservedValueAndThreshold() {
        List<MetricSample> samples = new ArrayList<>(healthy());
        samples.add(new MetricSample(START.plusSeconds(60), "kafka.consumer.lag",
                Map.of("group", "genai-demo-audit", "statistic", "sum"), 1520));
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(samples), figures(0, 0.99,
                OptionalLong.of(0)), Map.of(), "");

        assertThat(table.passed()).isFalse();
        assertThat(table.failed()).extracting(Check::name).containsExactly("high-consumer-lag");
        assertThat(table.failureMessage("steady")).contains("Load scenario 'steady' failed 1 check(s)",
                "high-consumer-lag: observed 1520 Count, threshold > 1000 Count");
        assertThat(table.toAlarmResults()).filteredOn(a -> a.name().equals("high-consumer-lag"))
                .singleElement().satisfies(a -> {
                    assertThat(a.state()).isEqualTo(AlarmState.ALARM);
                    assertThat(a.observed()).isEqualTo(1520.0);
                    assertThat(a.threshold()).isEqualTo(1000.0);
                });
        assertThat(table.render()).contains("BREACHED", "VERDICT: FAIL (1 failed)");
    }

    @Test
    void everyAlarmHoldsOnAHealthyRun() {
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(healthy()),
                figures(0, 1.0, OptionalLong.of(0)), ordered("lostRecords", 0.0, "minAchievedRateRatio", 0.95), "");
        assertThat(table.passed()).isTrue();
        assertThat(table.checks()).extracting(Check::name).containsExactly("high-producer-latency",
                "high-consumer-lag", "message-processing-failures", "dead-letter-queue-growth", "dead-letters-dropped",
                "lostRecords", "minAchievedRateRatio", "records.notProcessed.audit", "records.notStored");
        assertThat(table.checks()).allMatch(c -> c.state() == Check.State.OK);
    }

    /** An alarm file with every rule disabled judged nothing, and the run passed as if every alarm were OK. */
    @Test
    void noEnabledAlarmFailsTheRunAndSaysWhy() throws java.io.IOException {
        String standard;
        try (var in = AlarmCatalog.class.getResourceAsStream("/catalog/alarms.yaml")) {
            standard = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        AlarmCatalog allOff = AlarmCatalog.parse(standard.replaceAll("(?m)^    enabled: .*\n", "")
                .replaceAll("(?m)^(  - name: .*)$", "$1\n    enabled: false"), "alarms-off.yaml");
        assertThat(allOff.rules()).isNotEmpty();
        assertThat(allOff.enabled()).isEmpty();
        VerdictTable table = Verdicts.evaluate(allOff, measurements(healthy()), figures(0, 1.0, OptionalLong.of(0)),
                Map.of(), "");
        assertThat(table.passed()).isFalse();
        assertThat(table.failed()).extracting(Check::name).containsExactly(Verdicts.NO_ALARM);
        assertThat(table.failureMessage("smoke")).contains("no alarm of the alarm file is enabled");
    }

    @Test
    void whatCannotBeObservedFailsClosedAndNeverCountsAsZero() {
        List<MetricSample> samples = healthy().stream()
                .filter(s -> !s.metric().equals("kafka.consumer.process.failure")).toList();
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(samples),
                figures(0, 1.0, OptionalLong.empty()), Map.of(), "not observable remotely");
        Check failures = table.checks().stream().filter(c -> c.name().equals("message-processing-failures"))
                .findFirst().orElseThrow();
        assertThat(failures.state()).isEqualTo(Check.State.NOT_OBSERVED);
        assertThat(failures.observed()).isNull();
        assertThat(failures.detail()).isEqualTo("not observable remotely");
        assertThat(table.passed()).isFalse();
        assertThat(table.failureMessage("steady")).contains("message-processing-failures: observed no data",
                "not observed: not observable remotely");
        assertThat(table.toAlarmResults()).filteredOn(a -> a.name().equals("message-processing-failures"))
                .singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA));

        // Declared not applicable by the user, with the reason: passes, and the table says why.
        VerdictTable declared = table.declare(Map.of("message-processing-failures",
                "the consumers run in ECS; their failures are alarmed in CloudWatch"));
        assertThat(declared.passed()).isTrue();
        assertThat(declared.render()).contains("N/A", "not applicable: the consumers run in ECS");
        // ... and the summary keeps it apart from OK, so the gate can tell a check never made from one passed.
        assertThat(declared.toAlarmResults()).filteredOn(a -> a.name().equals("message-processing-failures"))
                .singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlarmState.NOT_APPLICABLE));
    }

    /**
     * A record whose dead letter could never be sent is skipped by its consumer: the dead-letter alarm (letters that
     * arrived) cannot see it, so its own alarm must fail the run; and where it cannot be read it is not observed.
     */
    @Test
    void aRecordWhoseDeadLetterCouldNeverBeSentFailsTheRun() {
        List<MetricSample> samples = new ArrayList<>(healthy());
        samples.add(MetricSample.of(START.plusSeconds(61), "pipebench.deadletter.dropped", 1));
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(samples),
                figures(0, 1.0, OptionalLong.of(0)), Map.of(), "");
        assertThat(table.failed()).extracting(Check::name, Check::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dead-letters-dropped", Check.State.BREACHED));
        assertThat(table.checks()).filteredOn(c -> c.name().equals("dead-letter-queue-growth"))
                .singleElement().satisfies(c -> assertThat(c.state()).isEqualTo(Check.State.OK));

        RunFigures f = figures(0, 1.0, OptionalLong.of(0));
        RunFigures unread = new RunFigures(f.measuredSeconds(), f.intendedEvents(), f.sent(), f.acked(), f.failed(),
                f.ackedInWindow(), f.latency(), f.e2eRead(), f.lost(), f.duplicated(), f.readNotAcked(),
                f.maxLagByGroup(), f.deadLetters(), f.processingFailures(), OptionalLong.empty(), f.failuresByKind(),
                f.tracked(), f.cpuNanos(), f.processing(), f.reconciliation(), f.sendCall(), f.stageCpu());
        VerdictTable blind = Verdicts.evaluate(AlarmCatalog.standard(), measurements(healthy().stream()
                .filter(m -> !m.metric().equals("pipebench.deadletter.dropped")).toList()), unread, Map.of(),
                "dropped dead letters are counted only inside the consumers");
        assertThat(blind.failed()).extracting(Check::name, Check::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dead-letters-dropped", Check.State.NOT_OBSERVED));
    }

    @Test
    void aDeclarationNeverOverridesAnObservedBreach() {
        List<MetricSample> samples = new ArrayList<>(healthy());
        samples.add(new MetricSample(START.plusSeconds(60), "kafka.consumer.lag",
                Map.of("group", "g", "statistic", "sum"), 5000));
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(samples),
                figures(0, 1.0, OptionalLong.of(0)), Map.of(), "").declare(Map.of("high-consumer-lag", "why not"));
        assertThat(table.passed()).isFalse();
    }

    /** The committed peak run judged its alarms over a window in which all four had no data, and passed. */
    @Test
    void anAlarmWithoutASampleInTheWindowFails() {
        List<MetricSample> none = List.of();
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(none),
                figures(0, 1.0, OptionalLong.of(0)), Map.of(), "");
        assertThat(table.checks()).filteredOn(c -> c.kind() == Check.Kind.ALARM)
                .allMatch(c -> c.state() == Check.State.NO_DATA);
        assertThat(table.passed()).isFalse();
        assertThat(table.render()).contains("no sample of kafka.consumer.lag");
    }

    @Test
    void aLagMonitorSilentForMoreThanTwoIntervalsFailsTheLagAlarm() {
        // Lag sampled every second except for 10 s in the middle: a backlog could have come and gone unseen.
        List<MetricSample> samples = healthy().stream().filter(s -> !(s.metric().equals("kafka.consumer.lag")
                && s.time().isAfter(START.plusSeconds(50)) && s.time().isBefore(START.plusSeconds(61)))).toList();
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(samples),
                figures(0, 1.0, OptionalLong.of(0)), Map.of(), "");
        Check lag = table.checks().stream().filter(c -> c.name().equals("high-consumer-lag")).findFirst().orElseThrow();
        assertThat(lag.state()).isEqualTo(Check.State.NO_DATA);
        assertThat(lag.detail()).contains("silent for 11.0 s from t=+50s");
        assertThat(table.passed()).isFalse();

        // Two seconds of silence are within the allowance.
        List<MetricSample> shortGap = healthy().stream().filter(s -> !(s.metric().equals("kafka.consumer.lag")
                && s.time().isAfter(START.plusSeconds(50)) && s.time().isBefore(START.plusSeconds(53)))).toList();
        assertThat(Verdicts.evaluate(AlarmCatalog.standard(), measurements(shortGap),
                figures(0, 1.0, OptionalLong.of(0)), Map.of(), "").passed()).isTrue();
    }

    /** One group unmeasured the whole run must not hide behind the other groups' samples. */
    @Test
    void aGroupWhoseLagWasNeverMeasuredFailsTheLagAlarmByName() {
        List<MetricSample> samples = healthy();
        List<Check> alarms = Verdicts.alarms(AlarmCatalog.standard(), samples, START, END,
                figures(0, 1.0, OptionalLong.of(0)), "", List.of("g", "genai-demo-audit"));
        Check lag = alarms.stream().filter(c -> c.name().equals("high-consumer-lag")).findFirst().orElseThrow();
        assertThat(lag.state()).isEqualTo(Check.State.NO_DATA);
        assertThat(lag.detail()).startsWith("genai-demo-audit: the lag monitor was silent for 120.0 s");
    }

    /** A hold window starting 30 s past a minute: 11 failures over its 300 s breach "Sum > 10 per 300 s". */
    @Test
    void aWindowOfOnePeriodStartingMidMinuteIsJudgedOnTheWholePeriod() {
        List<MetricSample> samples = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            samples.add(MetricSample.of(START.plusSeconds(i * 300L / 11), "kafka.consumer.process.failure", 1));
        }
        List<Check> alarms = Verdicts.alarms(AlarmCatalog.standard(), samples, START, START.plusSeconds(300),
                figures(0, 1.0, OptionalLong.of(11)), "");
        Check failures = alarms.stream().filter(c -> c.name().equals("message-processing-failures")).findFirst()
                .orElseThrow();
        assertThat(failures.state()).isEqualTo(Check.State.BREACHED);
        assertThat(failures.observed()).isEqualTo(11.0);
    }

    @Test
    void aWindowShorterThanTheAlarmPeriodIsJudgedOnAPartialPeriodAndSaysSo() {
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(healthy()),
                figures(0, 1.0, OptionalLong.of(0)), Map.of(), "");
        // 120 s of samples: every 300 s and 600 s alarm is judged on a partial period, the 60 s one is not.
        assertThat(table.checks()).filteredOn(c -> c.kind() == Check.Kind.ALARM)
                .filteredOn(c -> !c.name().equals("dead-letters-dropped"))
                .hasSize(4)
                .allSatisfy(c -> assertThat(c.detail()).contains("shorter than the period: judged on one partial "
                        + "period"));
        assertThat(table.checks()).filteredOn(c -> c.name().equals("dead-letters-dropped")).singleElement()
                .satisfies(c -> assertThat(c.detail()).doesNotContain("partial"));
    }

    /** Acknowledged by Kafka is not processed, and processed is not stored. */
    @Test
    void anEventAGroupNeverProcessedOrTheStoreNeverHeldFailsTheRun() {
        RunFigures ok = figures(0, 1.0, OptionalLong.of(0));
        RunFigures unprocessed = withReconciliation(ok, new PipelineLedger.Reconciliation(60_000,
                Map.of("genai-demo-audit", 0L, "genai-demo-analytics", 3L), 0, List.of(), "genai-demo-audit", true));
        RunFigures unstored = withReconciliation(ok, new PipelineLedger.Reconciliation(60_000,
                Map.of("genai-demo-audit", 0L), 2, List.of(17L, 4242L), "genai-demo-audit", true));
        assertThat(Verdicts.delivery(ok)).allMatch(c -> c.state() == Check.State.OK);
        assertThat(new VerdictTable(Verdicts.delivery(unprocessed)).failureMessage("smoke"))
                .contains("records.notProcessed.analytics: observed 3 records, threshold > 0 records");
        assertThat(new VerdictTable(Verdicts.delivery(unstored)).failed()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("records.notStored");
            assertThat(c.detail()).contains("e.g. sequences [17, 4242]");
        });
        // A group writes the store but the driver read no rows back (notStored -1): not observed, never OK.
        RunFigures unread = withReconciliation(ok, new PipelineLedger.Reconciliation(60_000,
                Map.of("genai-demo-audit", 0L), -1, List.of(), "genai-demo-audit", true));
        assertThat(new VerdictTable(Verdicts.delivery(unread)).failed()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("records.notStored");
            assertThat(c.state()).isEqualTo(Check.State.NOT_OBSERVED);
            assertThat(c.detail()).contains("storedEvents");
        });
        // Consumers elsewhere: not observed, so the run fails unless the user declares it not applicable.
        RunFigures remote = withReconciliation(ok, null);
        assertThat(new VerdictTable(Verdicts.delivery(remote)).passed()).isFalse();
        assertThat(new VerdictTable(Verdicts.delivery(remote)).declare(Map.of("records.notProcessed", "ECS",
                "records.notStored", "ECS")).passed()).isTrue();
    }

    private static RunFigures withReconciliation(RunFigures f, PipelineLedger.Reconciliation r) {
        return new RunFigures(f.measuredSeconds(), f.intendedEvents(), f.sent(), f.acked(), f.failed(),
                f.ackedInWindow(), f.latency(), f.e2eRead(), f.lost(), f.duplicated(), f.readNotAcked(),
                f.maxLagByGroup(), f.deadLetters(), f.processingFailures(), f.droppedDeadLetters(), f.failuresByKind(),
                f.tracked(),
                f.cpuNanos(), f.processing(), r, f.sendCall(), f.stageCpu());
    }

    @Test
    void cpuPerEventHasNoTotalWhenAPartCouldNotBeRead() {
        RunFigures f = figures(3, 1.0, OptionalLong.of(0));
        RunFigures read = withCpu(f, Map.of("jvm", 2_000_000_000L, "postgres", 500_000_000L));
        assertThat(read.cpuPerEventMicros()).containsKeys("jvm", "postgres", "total");
        RunFigures unreadable = withCpu(f, Map.of("jvm", 2_000_000_000L, "postgres", -1L));
        assertThat(unreadable.cpuPerEventMicros()).containsKey("jvm").doesNotContainKeys("postgres", "total");
        assertThat(unreadable.cpuUnreadable()).containsExactly("postgres");
    }

    private static RunFigures withCpu(RunFigures f, Map<String, Long> cpu) {
        return new RunFigures(f.measuredSeconds(), f.intendedEvents(), f.sent(), f.acked(), f.failed(),
                f.ackedInWindow(), f.latency(), f.e2eRead(), f.lost(), f.duplicated(), f.readNotAcked(),
                f.maxLagByGroup(), f.deadLetters(), f.processingFailures(), f.droppedDeadLetters(), f.failuresByKind(),
                f.tracked(),
                new java.util.LinkedHashMap<>(cpu), f.processing(), f.reconciliation(), f.sendCall(), f.stageCpu());
    }

    @Test
    void workloadThresholdsCompareOnTheirBreachingSide() {
        VerdictTable table = Verdicts.evaluate(AlarmCatalog.standard(), measurements(healthy()),
                figures(3, 0.90, OptionalLong.of(0)), thresholds(), "");
        assertThat(table.failed()).extracting(Check::failureLine).containsExactly(
                "endToEndP95Ms: observed 80.1 ms, threshold > 50 ms",
                "lostRecords: observed 3 records, threshold > 0 records",
                "minAchievedRateRatio: observed 0.900 ratio, threshold < 0.950 ratio");
        assertThat(table.toAlarmResults()).extracting(a -> a.name()).contains("threshold:lostRecords");
    }

    private static Map<String, Double> ordered(String k1, double v1, String k2, double v2) {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(k1, v1);
        t.put(k2, v2);
        return t;
    }

    private static Map<String, Double> thresholds() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("endToEndP95Ms", 50.0);
        t.put("publishP95Ms", 500.0);
        t.put("lostRecords", 0.0);
        t.put("duplicatedRecords", 0.0);
        t.put("minAchievedRateRatio", 0.95);
        return t;
    }

    /**
     * A remote failure counter read at the start and then never again (its endpoint gone) passed as 0 failures for the
     * whole window; read at both ends with a gap between, it still counts everything (running totals).
     */
    @Test
    void aCounterUnreadAtEitherEndOfTheWindowCannotBeJudged() {
        String failure = "kafka.consumer.process.failure";
        List<MetricSample> readEarlyOnly = healthy().stream()
                .filter(s -> !s.metric().equals(failure) || s.time().isBefore(START.plusSeconds(10))).toList();
        Check early = check(readEarlyOnly, "message-processing-failures");
        assertThat(early.state()).isEqualTo(Check.State.NO_DATA);
        assertThat(early.detail()).contains("last read 111.0 s before the window closed");

        List<MetricSample> readLateOnly = healthy().stream()
                .filter(s -> !s.metric().equals(failure) || s.time().isAfter(START.plusSeconds(60))).toList();
        assertThat(check(readLateOnly, "message-processing-failures").detail())
                .contains("first read 61.0 s after the window opened");

        List<MetricSample> gapInTheMiddle = healthy().stream().filter(s -> !s.metric().equals(failure)
                || s.time().isBefore(START.plusSeconds(20)) || s.time().isAfter(START.plusSeconds(100))).toList();
        assertThat(check(gapInTheMiddle, "message-processing-failures").state()).isEqualTo(Check.State.OK);

        // Read before the window opened, then not for 8 s across its start: the next reading carries that growth.
        List<MetricSample> acrossTheStart = new ArrayList<>(healthy().stream().filter(s -> !s.metric().equals(failure)
                || s.time().isAfter(START.plusSeconds(7))).toList());
        acrossTheStart.add(MetricSample.of(START.minusSeconds(5), failure, 0));
        assertThat(check(acrossTheStart, "message-processing-failures").state()).isEqualTo(Check.State.OK);

        // One failed scrape and its retry before the end (5 s) pass; 7 s unread at the end is growth unseen.
        List<MetricSample> lastFiveUnread = healthy().stream().filter(s -> !s.metric().equals(failure)
                || !s.time().isAfter(END.minusSeconds(5))).toList();
        assertThat(check(lastFiveUnread, "message-processing-failures").state()).isEqualTo(Check.State.OK);
        List<MetricSample> lastSevenUnread = healthy().stream().filter(s -> !s.metric().equals(failure)
                || !s.time().isAfter(END.minusSeconds(7))).toList();
        assertThat(check(lastSevenUnread, "message-processing-failures").detail())
                .contains("last read 7.0 s before the window closed");
    }

    private static Check check(List<MetricSample> samples, String name) {
        return Verdicts.evaluate(AlarmCatalog.standard(), measurements(samples), figures(0, 1.0, OptionalLong.of(0)),
                Map.of(), "").checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** One sample a second for two minutes: 20 ms sends, lag 30, no failures, no dead letters sent or dropped. */
    private static List<MetricSample> healthy() {
        List<MetricSample> out = new ArrayList<>();
        for (int s = 0; s <= 120; s++) {
            Instant t = START.plusSeconds(s);
            out.add(MetricSample.of(t, "kafka.producer.latency", 20));
            out.add(new MetricSample(t, "kafka.consumer.lag", Map.of("group", "g", "statistic", "sum"), 30));
            out.add(MetricSample.of(t, "kafka.consumer.process.failure", 0));
            out.add(new MetricSample(t, "kafka.messages.produced", Map.of("topic", "dead-letter-queue"), 0));
            out.add(MetricSample.of(t, "pipebench.deadletter.dropped", 0));
        }
        return out;
    }

    private static RunMeasurements measurements(List<MetricSample> samples) {
        return new RunMeasurements(START, END, Map.of(), List.of(), samples, Map.of(), OptionalLong.of(0),
                OptionalLong.of(0), OptionalLong.of(0), List.of(), null, Map.of());
    }

    private static RunFigures figures(long lost, double achievedRatio, OptionalLong failures) {
        Map<RunRecorder.View, Quantiles> latency = new EnumMap<>(RunRecorder.View.class);
        Histogram e2e = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            e2e.recordValue(80_000);
        }
        latency.put(RunRecorder.View.E2E, Quantiles.of(e2e));
        latency.put(RunRecorder.View.INTENDED, Quantiles.of(e2e));
        long intended = 60_000;
        return new RunFigures(120, intended, intended, intended, 0, Math.round(intended * achievedRatio), latency,
                intended, lost, 0, 0, Map.of("g", 30L), OptionalLong.of(0), failures, OptionalLong.of(0), Map.of(), true,
                Map.of(),
                Map.of(), new PipelineLedger.Reconciliation(intended, Map.of("genai-demo-audit", 0L), 0, List.of(),
                "genai-demo-audit", true), null, Map.of());
    }
}
