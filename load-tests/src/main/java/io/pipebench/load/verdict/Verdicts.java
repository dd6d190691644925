package io.pipebench.load.verdict;

import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.AlarmEvaluator;
import io.pipebench.alarms.AlarmHistory;
import io.pipebench.alarms.AlarmRule;
import io.pipebench.alarms.AlarmState;
import io.pipebench.alarms.MetricSample;
import io.pipebench.alarms.MetricTimeline;
import io.pipebench.alarms.Verdict;
import io.pipebench.load.measure.PipelineLedger;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.measure.RunMeasurements;
import io.pipebench.load.measure.RunRecorder;

import io.pipebench.metrics.PipelineMeters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a run into its verdict: every enabled alarm of the alarm file, replayed over the run's measured window the way
 * CloudWatch would evaluate it over that window (a window shorter than the alarm's period is one partial period), and
 * every threshold of the workload. Figures the harness cannot observe are reported as such, never as 0, and fail the
 * run unless declared not applicable ({@link VerdictTable#declare}).
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
        checks.addAll(alarms(catalog, m.alarmSamples(), m.measureStart(), m.measureEnd(), f, limits,
                m.rows().isEmpty() ? List.of() : List.copyOf(m.rows().get(0).lag().keySet())));
        checks.addAll(thresholds(thresholds, f));
        checks.addAll(delivery(f));
        return new VerdictTable(checks);
    }

    /** The check that fails a run whose alarm file enables no alarm. */
    public static final String NO_ALARM = "alarms.enabled";

    /** The longest the lag monitor may stay silent, in sampling intervals, before the lag alarm cannot be judged. */
    static final int MAX_SILENT_INTERVALS = 2;
    /** The lag monitor's sampling interval (ConsumerLagMonitor's default). */
    static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

    /**
     * The alarm file's enabled rules over the samples inside [start, end], failing closed: an alarm whose metric has
     * no sample in the window, or whose metric the harness cannot observe, fails (NO_DATA / NOT_OBSERVED) unless it is
     * later declared not applicable; the lag alarm also fails when the lag monitor went silent for more than
     * {@value #MAX_SILENT_INTERVALS} sampling intervals anywhere in the window, because a backlog could have come and
     * gone unseen. A window shorter than an alarm's period is judged as CloudWatch would judge a partial period, and
     * the table says so.
     */
    public static List<Check> alarms(AlarmCatalog catalog, List<MetricSample> samples, Instant start, Instant end,
                                     RunFigures f, String limits) {
        return alarms(catalog, samples, start, end, f, limits, List.of());
    }

    /**
     * @param groups the consumer groups whose lag must be observed throughout: each is checked for silence on its
     *               own, so a group that went unmeasured is not hidden by the others' samples
     */
    public static List<Check> alarms(AlarmCatalog catalog, List<MetricSample> samples, Instant start, Instant end,
                                     RunFigures f, String limits, List<String> groups) {
        // A sample is stamped at the end of its second: one stamped exactly at the window's start is the second before.
        List<MetricSample> inWindow = samples.stream()
                .filter(s -> s.time().isAfter(start) && !s.time().isAfter(end)).toList();
        MetricTimeline timeline = MetricTimeline.of(inWindow, start, end);
        long windowSeconds = Duration.between(start, end).toSeconds();
        List<Check> out = new ArrayList<>();
        if (catalog.enabled().isEmpty()) {
            // Without it every alarm would be "OK": nothing the alarm file watches would have been judged.
            out.add(new Check(NO_ALARM, Check.Kind.ALARM, Check.State.NO_DATA, null, 1, "<", "alarms",
                    "no alarm of the alarm file is enabled: nothing the alarms watch was judged"));
        }
        for (AlarmRule rule : catalog.enabled()) {
            AlarmHistory history = AlarmEvaluator.evaluate(rule, timeline);
            Verdict v = history.verdict();
            boolean unobservable = rule.metric().equals(PipelineMeters.CONSUMER_PROCESS_FAILURE)
                    && f.processingFailures().isEmpty()
                    || rule.metric().equals(PipelineMeters.MESSAGES_PRODUCED) && f.deadLetters().isEmpty()
                    || rule.metric().equals(PipelineMeters.DEAD_LETTERS_DROPPED) && f.droppedDeadLetters().isEmpty();
            List<MetricSample> own = inWindow.stream().filter(rule::matches).toList();
            Optional<String> silence = Optional.empty();
            if (rule.metric().equals(PipelineMeters.CONSUMER_LAG)) {
                silence = silence(own, start, end, LAG_INTERVAL.multipliedBy(MAX_SILENT_INTERVALS));
                for (String g : groups) {
                    if (silence.isEmpty()) {
                        silence = silence(own.stream().filter(s -> g.equals(s.dimensions().get("group"))).toList(),
                                start, end, LAG_INTERVAL.multipliedBy(MAX_SILENT_INTERVALS))
                                .map(why -> g + ": " + why);
                    }
                }
            } else if (COUNTERS.contains(rule.metric())) {
                silence = unreadEdge(samples.stream().filter(rule::matches).toList(), start, end);
            }
            String how = rule.statistic() + " per " + rule.periodSeconds() + " s period, " + rule.datapointsToAlarm()
                    + " of " + rule.evaluationPeriods() + ", missing=" + rule.treatMissingData() + ", final state "
                    + v.state() + (windowSeconds < rule.periodSeconds() ? "; the " + windowSeconds + " s window is "
                    + "shorter than the period: judged on one partial period, as CloudWatch would after "
                    + windowSeconds + " s" : "");
            Check.State state;
            String detail;
            if (unobservable) {
                state = Check.State.NOT_OBSERVED;
                detail = limits;
            } else if (v.alarmed()) {
                state = Check.State.BREACHED;
                detail = how;
            } else if (own.isEmpty()) {
                state = Check.State.NO_DATA;
                detail = "no sample of " + rule.metric() + " in the " + windowSeconds + " s window (" + how + ")";
            } else if (silence.isPresent()) {
                state = Check.State.NO_DATA;
                detail = silence.get() + " (" + how + ")";
            } else if (v.state() == AlarmState.INSUFFICIENT_DATA) {
                state = Check.State.NO_DATA;
                detail = how;
            } else {
                state = Check.State.OK;
                detail = how;
            }
            out.add(new Check(rule.name(), Check.Kind.ALARM, state,
                    unobservable || v.observed().isEmpty() ? null : v.observed().getAsDouble(), rule.threshold(),
                    rule.comparison().symbol(), rule.unit(), detail));
        }
        return out;
    }

    /** The running totals read from the consumers (in process or from their endpoint), one sample per reading. */
    static final java.util.Set<String> COUNTERS = java.util.Set.of(PipelineMeters.CONSUMER_PROCESS_FAILURE,
            PipelineMeters.MESSAGES_PRODUCED, PipelineMeters.DEAD_LETTERS_DROPPED);

    /**
     * How long before the window closes a counter must have been read last: the lag monitor's allowance plus one
     * retry of a remote endpoint after a failed scrape (PrometheusObserver.BACKOFF), so one blip does not fail a
     * healthy run; what grew in that last stretch is the one part of the window left unseen.
     */
    static final Duration COUNTER_TAIL = LAG_INTERVAL.multipliedBy(MAX_SILENT_INTERVALS + 1).plusSeconds(2);

    /**
     * A counter read as a running total loses nothing to a gap between readings (the next reading carries the growth,
     * even across the window's start), but what grew before its first reading of the run or after its last reading
     * in the window is unseen: a remote endpoint read once and then unreachable would otherwise pass as "0 failures".
     * So the run's first reading must come no later than just after the window opens (every reading of the run in
     * {@code all}) and the last one in the window no earlier than {@link #COUNTER_TAIL} before it closes.
     */
    static Optional<String> unreadEdge(List<MetricSample> all, Instant start, Instant end) {
        Duration slack = LAG_INTERVAL.multipliedBy(MAX_SILENT_INTERVALS + 1);
        Optional<Instant> first = all.stream().map(MetricSample::time).min(Instant::compareTo);
        Optional<Instant> last = all.stream().map(MetricSample::time).filter(t -> !t.isAfter(end))
                .max(Instant::compareTo);
        if (first.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        Duration head = Duration.between(start, first.get());
        Duration tail = Duration.between(last.get(), end);
        if (head.compareTo(slack) > 0) {
            return Optional.of(String.format(Locale.ROOT, "the counter was first read %.1f s after the window opened: "
                    + "what it counted before then is unseen", head.toMillis() / 1000.0));
        }
        if (tail.compareTo(COUNTER_TAIL) > 0) {
            return Optional.of(String.format(Locale.ROOT, "the counter was last read %.1f s before the window "
                    + "closed: what it counted after then is unseen", tail.toMillis() / 1000.0));
        }
        return Optional.empty();
    }

    /**
     * The longest stretch of [start, end] without a sample (the window's edges count as the stretch's ends), when it
     * is longer than {@code allowed}.
     */
    static Optional<String> silence(List<MetricSample> samples, Instant start, Instant end, Duration allowed) {
        List<Instant> times = samples.stream().map(MetricSample::time).distinct().sorted().toList();
        Instant from = start;
        Duration longest = Duration.ZERO;
        Instant longestFrom = start;
        List<Instant> edges = new ArrayList<>(times);
        edges.add(end);
        for (Instant t : edges) {
            Duration gap = Duration.between(from, t);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
                longestFrom = from;
            }
            from = t;
        }
        // One interval of slack on top: a sample lands up to one interval after its second.
        if (longest.compareTo(allowed.plus(LAG_INTERVAL)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the lag monitor was silent for %.1f s from t=%+.0fs (more "
                        + "than %d sampling intervals): the lag alarm cannot be judged", longest.toMillis() / 1000.0,
                Duration.between(start, longestFrom).toMillis() / 1000.0, MAX_SILENT_INTERVALS));
    }

    /** The workload's own thresholds (see {@code Workload.KNOWN_THRESHOLDS}). */
    public static List<Check> thresholds(Map<String, Double> thresholds, RunFigures f) {
        List<Check> out = new ArrayList<>();
        thresholds.forEach((name, t) -> out.add(switch (name) {
            case "endToEndP95Ms" -> latency(name, f.view(RunRecorder.View.E2E), 95, t,
                    "intended send time to consume, end-to-end tracker");
            case "endToEndP99Ms" -> latency(name, f.view(RunRecorder.View.E2E), 99, t,
                    "intended send time to consume, end-to-end tracker");
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

    /**
     * Counted where the data ends up: every acknowledged record must have been completed by each consumer group's
     * handler and, for the storing group, be found in the event store by its event id, once the run drained. Not
     * observable when the consumers run elsewhere (fails unless declared not applicable).
     */
    public static List<Check> delivery(RunFigures f) {
        PipelineLedger.Reconciliation r = f.reconciliation();
        String unit = "records";
        if (r == null) {
            String why = f.tracked() ? "the consumers run elsewhere: what each group processed and stored cannot be "
                    + "seen from the harness" : "records were not tracked in this run";
            return List.of(new Check("records.notProcessed", Check.Kind.THRESHOLD, Check.State.NOT_OBSERVED, null, 0,
                    ">", unit, why), new Check("records.notStored", Check.Kind.THRESHOLD, Check.State.NOT_OBSERVED,
                    null, 0, ">", unit, why));
        }
        List<Check> out = new ArrayList<>();
        r.notProcessed().forEach((group, n) -> out.add(new Check("records.notProcessed." + shortName(group),
                Check.Kind.THRESHOLD, n > 0 ? Check.State.BREACHED : Check.State.OK, (double) n, 0, ">", unit,
                "of " + r.acknowledged() + " acknowledged, never completed by the group's handler"
                        + (r.drained() ? " after the run drained" : " (the groups had NOT drained)"))));
        if (r.storeGroup() == null) {
            out.add(new Check("records.notStored", Check.Kind.THRESHOLD, Check.State.NOT_APPLICABLE, null, 0, ">",
                    unit, "not applicable: no group of this workload writes the event store"));
        } else if (r.notStored() < 0) {
            // A group writes the store but its rows were not read back (a driver without storedEvents()): fail closed.
            out.add(new Check("records.notStored", Check.Kind.THRESHOLD, Check.State.NOT_OBSERVED, null, 0, ">", unit,
                    "group " + r.storeGroup() + " writes the event store, but the driver did not read its rows back "
                            + "by event id (storedEvents): what was stored cannot be counted"));
        } else {
            out.add(new Check("records.notStored", Check.Kind.THRESHOLD,
                    r.notStored() > 0 ? Check.State.BREACHED : Check.State.OK, (double) r.notStored(), 0, ">", unit,
                    "of " + r.acknowledged() + " acknowledged, no row in the event store by event id"
                            + (r.sampleNotStored().isEmpty() ? "" : "; e.g. sequences " + r.sampleNotStored())));
        }
        return out;
    }

    /** A group id as reports name it: {@code genai-demo-audit} is {@code audit}. */
    public static String shortName(String groupId) {
        return io.pipebench.load.measure.GroupLagView.label(groupId);
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
