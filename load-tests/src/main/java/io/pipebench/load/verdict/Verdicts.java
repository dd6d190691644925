package io.pipebench.load.verdict;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.AlarmEvaluator;
import io.pipebench.alarms.AlarmHistory;
import io.pipebench.alarms.AlarmRule;
import io.pipebench.alarms.AlarmState;
import io.pipebench.alarms.MetricSample;
import io.pipebench.alarms.MetricTimeline;
import io.pipebench.alarms.Verdict;
import io.pipebench.load.measure.Quantiles;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunMeasurements;
import io.pipebench.load.measure.RunRecorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a run into its verdict: every enabled alarm of the alarm file, replayed over the run's measured window the way
 * CloudWatch would evaluate it over that window (a window shorter than the alarm's period is one partial period), and
 * every threshold of the workload. Figures the harness cannot observe are reported as such, never as 0.
 */
public final class Verdicts {

    private Verdicts() {
    }

    /**
     * @param limits why processing failures or dead letters are not observable here ("" when they are)
     */
    public static VerdictTable evaluate(AlarmCatalog catalog, RunMeasurements m, RunFigures f,
                                        Map<String, Double> thresholds, String limits) {
        List<Check> checks = new ArrayList<>();
        checks.addAll(alarms(catalog, m.alarmSamples(), m.measureStart(), m.measureEnd(), f, limits));
        checks.addAll(thresholds(thresholds, f));
        return new VerdictTable(checks);
    }

    /** The alarm file's enabled rules over the samples inside [start, end]. */
    public static List<Check> alarms(AlarmCatalog catalog, List<MetricSample> samples, Instant start, Instant end,
                                     RunFigures f, String limits) {
        List<MetricSample> inWindow = samples.stream()
                .filter(s -> !s.time().isBefore(start) && !s.time().isAfter(end)).toList();
        MetricTimeline timeline = MetricTimeline.of(inWindow, start, end);
        List<Check> out = new ArrayList<>();
        for (AlarmRule rule : catalog.enabled()) {
            AlarmHistory history = AlarmEvaluator.evaluate(rule, timeline);
            Verdict v = history.verdict();
            boolean unobservable = rule.metric().equals(io.pipebench.metrics.PipelineMeters.CONSUMER_PROCESS_FAILURE)
                    && f.processingFailures().isEmpty()
                    || rule.metric().equals(io.pipebench.metrics.PipelineMeters.MESSAGES_PRODUCED)
                    && f.deadLetters().isEmpty();
            Check.State state = unobservable ? Check.State.NOT_OBSERVED
                    : v.alarmed() ? Check.State.BREACHED
                    : v.state() == AlarmState.INSUFFICIENT_DATA ? Check.State.NO_DATA : Check.State.OK;
            String detail = unobservable ? limits
                    : rule.statistic() + " per " + rule.periodSeconds() + " s period, " + rule.datapointsToAlarm()
                    + " of " + rule.evaluationPeriods() + ", missing=" + rule.treatMissingData()
                    + ", final state " + v.state() + (history.datapoints().isEmpty() ? ", no datapoints" : "");
            out.add(new Check(rule.name(), Check.Kind.ALARM, state,
                    unobservable || v.observed().isEmpty() ? null : v.observed().getAsDouble(), rule.threshold(),
                    rule.comparison().symbol(), rule.unit(), detail));
        }
        return out;
    }

    /** The workload's own thresholds (see {@code Workload.KNOWN_THRESHOLDS}). */
    public static List<Check> thresholds(Map<String, Double> thresholds, RunFigures f) {
        List<Check> out = new ArrayList<>();
        thresholds.forEach((name, t) -> out.add(switch (name) {
            case "endToEndP95Ms" -> latency(name, f.view(RunRecorder.View.E2E), 95, t,
                    "produce to consume, end-to-end tracker");
            case "endToEndP99Ms" -> latency(name, f.view(RunRecorder.View.E2E), 99, t,
                    "produce to consume, end-to-end tracker");
            case "publishP95Ms" -> latency(name, f.view(RunRecorder.View.INTENDED), 95, t,
                    "intended send time to acknowledgement (coordinated-omission corrected)");
            case "lostRecords" -> f.tracked() ? max(name, f.lost(), t, "records",
                    "acknowledged by the broker, never read by the end-to-end tracker")
                    : untracked(name, t);
            case "duplicatedRecords" -> f.tracked() ? max(name, f.duplicated(), t, "records", "extra copies read")
                    : untracked(name, t);
            case "minAchievedRateRatio" -> new Check(name, Check.Kind.THRESHOLD,
                    f.achievedRatio() < t ? Check.State.BREACHED : Check.State.OK, f.achievedRatio(), t, "<", "ratio",
                    String.format(java.util.Locale.ROOT, "acknowledged %.1f/s of %.1f/s intended", f.achievedRate(),
                            f.intendedRate()));
            default -> throw new IllegalArgumentException("Unknown workload threshold '" + name + "'");
        }));
        return out;
    }

    private static Check latency(String name, Quantiles q, double percentile, double t, String detail) {
        if (q == null || q.empty()) {
            return new Check(name, Check.Kind.THRESHOLD, Check.State.NO_DATA, null, t, ">", "ms", detail);
        }
        double v = percentile == 95 ? q.p95() : q.p99();
        return new Check(name, Check.Kind.THRESHOLD, v > t ? Check.State.BREACHED : Check.State.OK, v, t, ">", "ms",
                detail);
    }

    private static Check untracked(String name, double t) {
        return new Check(name, Check.Kind.THRESHOLD, Check.State.NOT_OBSERVED, null, t, ">", "records",
                "records were not read back in this run");
    }

    private static Check max(String name, long v, double t, String unit, String detail) {
        return new Check(name, Check.Kind.THRESHOLD, v > t ? Check.State.BREACHED : Check.State.OK, (double) v, t, ">",
                unit, detail);
    }
}
