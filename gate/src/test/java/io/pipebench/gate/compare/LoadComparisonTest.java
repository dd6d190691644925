package io.pipebench.gate.compare;

import static io.pipebench.gate.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.pipebench.gate.Fixtures;
import io.pipebench.gate.GateInputException;
import io.pipebench.gate.model.AlarmState;
import io.pipebench.gate.model.Better;
import io.pipebench.gate.model.LoadMetric;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadComparisonTest {

    @TempDir
    Path dir;

    private ComparisonReport compare(LoadSummary baseline, LoadSummary candidate, Thresholds thresholds)
            throws IOException {
        return Comparison.load(Fixtures.runFolder(dir.resolve("base"), baseline),
                Fixtures.runFolder(dir.resolve("cand"), candidate), thresholds, Comparison.Options.standard());
    }

    private static Verdict verdictOf(ComparisonReport report, String metric) {
        return report.rows().stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow().verdict();
    }

    @Test
    void p95RiseBeyondTheLatencyToleranceFails() throws IOException {
        ComparisonReport report = compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 26.0, 5000, AlarmState.OK), Thresholds.defaults());

        assertThat(verdictOf(report, "steady/publish.latency.p95")).isEqualTo(Verdict.REGRESSED);
        assertThat(report.rows().get(0).statistic()).contains("tolerance 25.0%");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void p95RiseWithinTheToleranceAndAnAlarmThatStaysOkPass() throws IOException {
        ComparisonReport report = compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 24.0, 4600, AlarmState.OK), Thresholds.defaults());

        assertThat(report.rows()).extracting(MetricComparison::metric, MetricComparison::verdict).containsExactly(
                tuple("steady/publish.latency.p95", Verdict.UNCHANGED),
                tuple("steady/publish.throughput", Verdict.UNCHANGED),
                tuple("steady/alarm:consumer-lag", Verdict.UNCHANGED));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void throughputDropBeyondItsToleranceFailsAndARiseImproves() throws IOException {
        assertThat(verdictOf(compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 20.0, 4000, AlarmState.OK), Thresholds.defaults()), "steady/publish.throughput"))
                .isEqualTo(Verdict.REGRESSED);
        assertThat(verdictOf(compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 20.0, 6000, AlarmState.OK), Thresholds.defaults()), "steady/publish.throughput"))
                .isEqualTo(Verdict.IMPROVED);
    }

    private ComparisonReport bracketed(LoadSummary before, LoadSummary candidate, LoadSummary after)
            throws IOException {
        return Comparison.load(java.util.List.of(Fixtures.runFolder(dir.resolve("before"), before),
                Fixtures.runFolder(dir.resolve("after"), after)), Fixtures.runFolder(dir.resolve("cand"), candidate),
                Thresholds.defaults(), Comparison.Options.standard());
    }

    @Test
    void bracketedARiseAgainstBothBaselinesFailsAndShowsTheKinderChange() throws IOException {
        ComparisonReport report = bracketed(summary("smoke", 20.0, 5000, AlarmState.OK),
                summary("smoke", 30.0, 5000, AlarmState.OK), summary("smoke", 22.0, 5000, AlarmState.OK));

        MetricComparison p95 = report.rows().get(0);
        assertThat(p95.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(p95.change()).isCloseTo(30.0 / 22.0 - 1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p95.baseline()).isEqualTo("20.00 | 22.00 ms");
        assertThat(p95.statistic()).contains("against each baseline +50.0%, +36.4%");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void bracketedARiseAgainstOnlyOneBaselineWithinTheirSpreadIsDriftNotARegression() throws IOException {
        // The machine slowed a little during the job (the baselines differ by less than the tolerance): the
        // candidate, slower than the first baseline only, sits inside that drift.
        ComparisonReport report = bracketed(summary("smoke", 20.0, 5000, AlarmState.OK),
                summary("smoke", 26.0, 4900, AlarmState.OK), summary("smoke", 24.0, 4800, AlarmState.OK));

        assertThat(report.rows()).extracting(MetricComparison::metric, MetricComparison::verdict).containsExactly(
                tuple("smoke/publish.latency.p95", Verdict.UNCHANGED),
                tuple("smoke/publish.throughput", Verdict.UNCHANGED),
                tuple("smoke/alarm:consumer-lag", Verdict.UNCHANGED));
        assertThat(report.notes()).anyMatch(n -> n.contains("2 baselines (bracketed)"));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void bracketedDriftBeyondTheToleranceIsNamedInTheRowAndTheNotes() throws IOException {
        // The baselines differ by +45% (p95) and -22% (throughput): a regression of that size could hide in the
        // kindest comparison. Not failed (drift of that size is common here), but said where a reader looks.
        ComparisonReport report = bracketed(summary("smoke", 20.0, 5000, AlarmState.OK),
                summary("smoke", 30.0, 4000, AlarmState.OK), summary("smoke", 29.0, 3900, AlarmState.OK));

        assertThat(report.rows()).extracting(MetricComparison::metric, MetricComparison::verdict).containsExactly(
                tuple("smoke/publish.latency.p95", Verdict.UNCHANGED),
                tuple("smoke/publish.throughput", Verdict.UNCHANGED),
                tuple("smoke/alarm:consumer-lag", Verdict.UNCHANGED));
        assertThat(report.rows().get(0).statistic()).contains("baselines differ from each other");
        assertThat(report.notes()).anyMatch(n -> n.startsWith("2 figure(s) regressed against one baseline only")
                && n.contains("smoke/publish.latency.p95"));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void bracketedAnImprovementMustHoldAgainstBothAndAnAlarmFailsWhateverTheBaselines() throws IOException {
        ComparisonReport report = bracketed(summary("smoke", 20.0, 5000, AlarmState.ALARM),
                summary("smoke", 8.0, 6500, AlarmState.ALARM), summary("smoke", 12.0, 6000, AlarmState.OK));

        assertThat(report.rows()).extracting(MetricComparison::metric, MetricComparison::verdict).containsExactly(
                tuple("smoke/publish.latency.p95", Verdict.IMPROVED),
                tuple("smoke/publish.throughput", Verdict.UNCHANGED),
                tuple("smoke/alarm:consumer-lag", Verdict.REGRESSED));
        assertThat(report.rows().get(2).baseline()).isEqualTo("ALARM");
    }

    @Test
    void bracketedBaselinesOfAnotherScenarioAreRefusedNamingTheFile() {
        assertThatThrownBy(() -> bracketed(summary("smoke", 20.0, 5000, AlarmState.OK),
                summary("smoke", 20.0, 5000, AlarmState.OK), summary("steady", 20.0, 5000, AlarmState.OK)))
                .isInstanceOf(GateInputException.class).hasMessageContaining("after").hasMessageContaining("'steady'");
    }

    @Test
    void anAlarmInAlarmFailsEvenWhenEveryFigureIsFine() throws IOException {
        ComparisonReport report = compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 20.0, 5000, AlarmState.ALARM), Thresholds.defaults());

        MetricComparison alarm = report.rows().get(2);
        assertThat(alarm.metric()).isEqualTo("steady/alarm:consumer-lag");
        assertThat(alarm.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(alarm.candidate()).isEqualTo("ALARM");
        assertThat(alarm.statistic()).isEqualTo("observed 5000, threshold 1000");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void insufficientDataIsNotOkEither() throws IOException {
        ComparisonReport report = compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 20.0, 5000, AlarmState.INSUFFICIENT_DATA), Thresholds.defaults());

        assertThat(verdictOf(report, "steady/alarm:consumer-lag")).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void notApplicableIsKeptApartFromOkAndFailsWhereTheBaselineMadeTheCheck() throws IOException {
        // Both declared it not applicable (the summary file round trip keeps the state): passes, shown as such.
        ComparisonReport both = compare(summary("steady", 20.0, 5000, AlarmState.NOT_APPLICABLE),
                summary("steady", 20.0, 5000, AlarmState.NOT_APPLICABLE), Thresholds.defaults());
        assertThat(verdictOf(both, "steady/alarm:consumer-lag")).isEqualTo(Verdict.UNCHANGED);
        assertThat(both.rows().get(2).candidate()).isEqualTo("NOT_APPLICABLE");
        assertThat(both.exitCode()).isZero();

        // The baseline evaluated it and the candidate no longer does: a check gone missing, fails by default.
        ComparisonReport dropped = compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 20.0, 5000, AlarmState.NOT_APPLICABLE), Thresholds.defaults());
        assertThat(verdictOf(dropped, "steady/alarm:consumer-lag")).isEqualTo(Verdict.MISSING);
        assertThat(dropped.exitCode()).isEqualTo(1);
    }

    @Test
    void perMetricToleranceOverridesTheDefault() throws IOException {
        Thresholds loose = Thresholds.parse("""
                overrides:
                  - match: "steady/*.p95"
                    tolerance: 0.5
                """, "test.yaml");
        ComparisonReport report = compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("steady", 26.0, 5000, AlarmState.OK), loose);

        assertThat(verdictOf(report, "steady/publish.latency.p95")).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void newMetricNamesAreComparedInTheDirectionTheyDeclare() throws IOException {
        // Figures the harness will add (CPU per event, per-group processing latency, a held rate): nothing in the
        // gate knows their names; the summary's unit and 'better' are enough.
        LoadSummary base = with(summary("steady", 20.0, 5000, AlarmState.OK), Map.of(
                "cpu.perEvent.total", new LoadMetric(400, "us/event", Better.LOWER),
                "consumer.analytics.processing.p50", new LoadMetric(2.0, "ms", Better.LOWER),
                "rate.held", new LoadMetric(1000, "events/s", Better.HIGHER)));
        LoadSummary cand = with(summary("steady", 20.0, 5000, AlarmState.OK), Map.of(
                "cpu.perEvent.total", new LoadMetric(800, "us/event", Better.LOWER),
                "consumer.analytics.processing.p50", new LoadMetric(1.0, "ms", Better.LOWER),
                "rate.held", new LoadMetric(700, "events/s", Better.HIGHER)));

        ComparisonReport report = compare(base, cand, Thresholds.defaults());

        assertThat(verdictOf(report, "steady/cpu.perEvent.total")).isEqualTo(Verdict.REGRESSED);
        assertThat(verdictOf(report, "steady/consumer.analytics.processing.p50")).isEqualTo(Verdict.IMPROVED);
        assertThat(verdictOf(report, "steady/rate.held")).isEqualTo(Verdict.REGRESSED);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aMetricOrAlarmTheCandidateNoLongerHasFailsTheGate() throws IOException {
        LoadSummary base = with(summary("steady", 20.0, 5000, AlarmState.OK),
                Map.of("records.notStored", new LoadMetric(0, "records", Better.LOWER)));
        LoadSummary cand = summary("steady", 20.0, 5000, AlarmState.OK);
        LoadSummary noAlarm = new LoadSummary("steady", base.startedAt(), 300, base.environment(), base.metrics(),
                java.util.List.of(), base.histograms());

        ComparisonReport report = compare(base, cand, Thresholds.defaults());
        assertThat(verdictOf(report, "steady/records.notStored")).isEqualTo(Verdict.MISSING);
        assertThat(report.exitCode()).isEqualTo(1);

        ComparisonReport alarmGone = compare(base, noAlarm, Thresholds.defaults());
        assertThat(verdictOf(alarmGone, "steady/alarm:consumer-lag")).isEqualTo(Verdict.MISSING);
        assertThat(alarmGone.exitCode()).isEqualTo(1);
    }

    private static LoadSummary with(LoadSummary summary, Map<String, LoadMetric> more) {
        Map<String, LoadMetric> metrics = new LinkedHashMap<>(summary.metrics());
        metrics.putAll(new java.util.TreeMap<>(more));
        return new LoadSummary(summary.scenario(), summary.startedAt(), summary.durationSeconds(),
                summary.environment(), metrics, summary.alarms(), summary.histograms());
    }

    @Test
    void differentScenariosAreRefused() {
        assertThatThrownBy(() -> compare(summary("steady", 20.0, 5000, AlarmState.OK),
                summary("spike", 20.0, 5000, AlarmState.OK), Thresholds.defaults()))
                .isInstanceOf(GateInputException.class).hasMessageContaining("'steady'").hasMessageContaining("'spike'")
                .hasMessageContaining(dir.resolve("cand").resolve(LoadSummary.FILE_NAME).toString());
    }
}
