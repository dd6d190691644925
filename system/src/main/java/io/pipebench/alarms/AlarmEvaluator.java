package io.pipebench.alarms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Replays a {@link MetricTimeline} through an {@link AlarmRule} the way CloudWatch evaluates a metric alarm, so a load
 * test can assert the alarms the design document defines. Sources, all in the CloudWatch user guide: "Alarm
 * evaluation" (alarm-evaluation), "Alarm evaluation windows" and "Configuring how CloudWatch alarms treat missing
 * data" (alarms-and-missing-data).
 *
 * <p><b>When, and over which periods.</b> "For any period of one minute or longer, an alarm is evaluated every minute
 * and the evaluation is based on the window of time defined by the Period and Evaluation Periods" (Alarm evaluation):
 * with a 300 s period, the evaluation at the end of minute 6 reads minutes 2 to 6. That is the default sliding window
 * (Alarm evaluation windows), which the export leaves in place; periods are <em>not</em> aligned to the clock (that is
 * the opt-in wall-clock window), so a burst straddling a 5-minute mark is still seen whole. Here the alarm is
 * evaluated at every minute boundary after the timeline's start, up to the boundary closing the minute the timeline
 * ends in; period {@code j} back (0 = newest) of an evaluation at {@code t} is {@code [t - (j+1)P, t - jP)}. One more
 * evaluation is made at the timeline's end {@code e}, its newest period {@code [e - P, e]}: a timeline's phase against
 * the minute grid is an accident of when the run started, and this way a timeline of one period is always judged whole.
 *
 * <p><b>Datapoints.</b> The samples of the rule's metric whose dimensions include the rule's dimensions, in a period,
 * reduced by the rule's {@link Statistic}; a period without such a sample has no datapoint (it is missing). Periods
 * before the timeline are missing. A period only partly inside the timeline (the first minutes, the last minute, or
 * every period of a timeline shorter than the alarm's period) is a <em>partial period</em>: its datapoint is what
 * CloudWatch would have computed at that moment from a metric that started or stopped with the timeline, and every
 * state change decided on one says so in its reason.
 *
 * <p><b>Evaluation.</b> Each evaluation looks at the <em>evaluation range</em>: the last {@code N + 2} periods
 * ({@value #EXTRA_RANGE} more than the N evaluation periods; the user guide's examples use 5 for N = 3 and the exact
 * number is not published). Following "How alarm state is evaluated when data is missing":
 * <ol>
 *   <li>At least N real datapoints in the range: the most recent N real ones are evaluated, older ones fill the gaps,
 *       and the missing-data policy is not consulted. ALARM when at least M of them breach, else OK.</li>
 *   <li>No datapoint in the range: {@code missing} gives INSUFFICIENT_DATA, {@code ignore} keeps the state,
 *       {@code breaching} gives ALARM, {@code notBreaching} gives OK.</li>
 *   <li>Fewer than N: every real datapoint is evaluated and only the shortfall is filled ("as few times as possible"):
 *       as breaching or as not breaching under those policies. Under {@code missing} and {@code ignore} nothing is
 *       filled; the premature-alarm rule applies: when every real datapoint breaches and the oldest is at least M
 *       periods old, {@code missing} goes to ALARM and {@code ignore} keeps the state. Otherwise ALARM when at least
 *       M real datapoints breach, else OK.</li>
 * </ol>
 * This reproduces every cell of the user guide's two example tables (3 of 3 and 2 of 3); the tests replay them.
 * {@code EvaluateLowSampleCountPercentile} is not modelled: percentiles are always evaluated, CloudWatch's default.
 */
public final class AlarmEvaluator {

    /** How many periods the evaluation range reaches back beyond the N evaluation periods. */
    public static final int EXTRA_RANGE = 2;

    /** CloudWatch evaluates alarms with periods of a minute or more once a minute. */
    public static final long EVALUATION_INTERVAL_SECONDS = 60;

    private AlarmEvaluator() {
    }

    /** Evaluates the enabled rules of a catalog, in catalog order. */
    public static List<AlarmHistory> evaluate(AlarmCatalog catalog, MetricTimeline timeline) {
        return catalog.enabled().stream().map(r -> evaluate(r, timeline)).toList();
    }

    public static AlarmHistory evaluate(AlarmRule rule, MetricTimeline timeline) {
        long period = rule.periodSeconds();
        NavigableMap<Long, List<Double>> own = new TreeMap<>(); // the rule's samples by epoch millisecond
        for (MetricSample s : timeline.samples()) {
            if (rule.matches(s)) {
                own.computeIfAbsent(s.time().toEpochMilli(), k -> new ArrayList<>()).add(s.value());
            }
        }
        long startMs = timeline.start().toEpochMilli();
        long endMs = timeline.end().toEpochMilli();
        long minuteMs = EVALUATION_INTERVAL_SECONDS * 1000;
        long firstEval = Math.floorDiv(startMs, minuteMs) * minuteMs + minuteMs;
        // The boundary closing the minute the timeline ends in: a sample at the very end is still read.
        long lastEval = Math.floorDiv(endMs + minuteMs - 1, minuteMs) * minuteMs;
        if (lastEval == endMs && own.containsKey(endMs)) {
            lastEval += minuteMs; // a sample exactly on the closing boundary belongs to the minute it opens
        }
        lastEval = Math.max(lastEval, firstEval);

        // Plus one evaluation whose newest period ends at the timeline's end, [end - P, end]: where the timeline lies
        // on the minute grid is arbitrary, and without it a window starting mid-minute never has a whole period judged.
        List<Evaluation> evaluations = new ArrayList<>();
        boolean closed = false;
        for (long t = firstEval; t <= lastEval; t += minuteMs) {
            if (!closed && t > endMs) {
                evaluations.add(new Evaluation(endMs, true));
                closed = true;
            }
            evaluations.add(new Evaluation(t, false));
        }
        if (!closed) {
            evaluations.add(new Evaluation(endMs, true));
        }

        int n = rule.evaluationPeriods();
        int rangeSize = n + EXTRA_RANGE;
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        List<Transition> transitions = new ArrayList<>();
        List<Datapoint> newest = new ArrayList<>();
        for (Evaluation evaluation : evaluations) {
            long t = evaluation.time();
            boolean closing = evaluation.closing();
            List<Datapoint> range = new ArrayList<>(rangeSize);
            List<Boolean> breaching = new ArrayList<>(rangeSize);
            for (int j = rangeSize - 1; j >= 0; j--) {
                long to = t - j * period * 1000;
                Datapoint d = datapoint(rule, own, to - period * 1000, to, startMs, endMs, closing && j == 0);
                range.add(d);
                breaching.add(d == null ? null : rule.breaches(d.value()));
            }
            Datapoint latest = range.get(rangeSize - 1);
            if (latest != null) {
                newest.add(latest);
            }
            Decision decision = decide(n, rule.datapointsToAlarm(), rule.treatMissingData(), breaching, state);
            if (decision.state() != state) {
                transitions.add(new Transition(Instant.ofEpochMilli(t), state, decision.state(),
                        reason(rule, decision, range)));
                state = decision.state();
            }
        }
        return new AlarmHistory(rule, newest, transitions, state);
    }

    /**
     * The datapoint of the period {@code [from, to)}, or {@code [from, to]} when {@code closedEnd}, clipped to the
     * timeline ({@code start} and {@code end} in epoch milliseconds, end inclusive); null when no sample of the rule's
     * metric lies in it.
     */
    private static Datapoint datapoint(AlarmRule rule, NavigableMap<Long, List<Double>> own, long from, long to,
                                       long start, long end, boolean closedEnd) {
        double[] values = own.subMap(from, true, to, closedEnd).values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue).toArray();
        if (values.length == 0) {
            return null;
        }
        Instant clippedStart = Instant.ofEpochMilli(Math.max(from, start));
        Instant clippedEnd = Instant.ofEpochMilli(Math.min(to, end));
        return new Datapoint(clippedStart, clippedEnd, rule.statistic().apply(values), values.length,
                Math.max(from, start) > from || Math.min(to, closedEnd ? end : end + 1) < to);
    }

    /** One evaluation at {@code time} (epoch ms); a closing one's newest period also holds the timeline's end. */
    private record Evaluation(long time, boolean closing) {
    }

    /** What one evaluation decided, and on what basis (for the reason text). */
    record Decision(AlarmState state, Basis basis, List<Integer> evaluated, int filled) {
    }

    enum Basis { REAL_DATA, FILLED, PARTIAL, NO_DATA, PREMATURE_ALARM }

    /**
     * One evaluation over the evaluation range, oldest first: {@code null} for a missing datapoint, else whether it
     * breaches. Pure, so the user guide's tables can be replayed cell by cell.
     */
    static Decision decide(int n, int m, TreatMissingData policy, List<Boolean> range, AlarmState current) {
        List<Integer> real = new ArrayList<>();
        for (int i = 0; i < range.size(); i++) {
            if (range.get(i) != null) {
                real.add(i);
            }
        }
        if (real.size() >= n) {
            List<Integer> evaluated = real.subList(real.size() - n, real.size());
            return new Decision(alarmIf(countBreaching(range, evaluated) >= m), Basis.REAL_DATA, List.copyOf(evaluated), 0);
        }
        if (real.isEmpty()) {
            AlarmState s = switch (policy) {
                case MISSING -> AlarmState.INSUFFICIENT_DATA;
                case IGNORE -> current;
                case BREACHING -> AlarmState.ALARM; // N filled breaching datapoints, and M <= N
                case NOT_BREACHING -> AlarmState.OK;
            };
            return new Decision(s, Basis.NO_DATA, List.of(), policy == TreatMissingData.BREACHING
                    || policy == TreatMissingData.NOT_BREACHING ? n : 0);
        }
        int breaches = countBreaching(range, real);
        int shortfall = n - real.size();
        return switch (policy) {
            case BREACHING -> new Decision(alarmIf(breaches + shortfall >= m), Basis.FILLED, real, shortfall);
            case NOT_BREACHING -> new Decision(alarmIf(breaches >= m), Basis.FILLED, real, shortfall);
            case MISSING, IGNORE -> {
                // Premature-alarm rule: only breaching datapoints, the oldest at least M periods old (age 1 = newest).
                int oldestAge = range.size() - real.get(0);
                if (breaches == real.size() && oldestAge >= m) {
                    yield new Decision(policy == TreatMissingData.MISSING ? AlarmState.ALARM : current,
                            Basis.PREMATURE_ALARM, real, 0);
                }
                yield new Decision(alarmIf(breaches >= m), Basis.PARTIAL, real, 0);
            }
        };
    }

    private static AlarmState alarmIf(boolean alarm) {
        return alarm ? AlarmState.ALARM : AlarmState.OK;
    }

    private static int countBreaching(List<Boolean> range, List<Integer> indices) {
        int c = 0;
        for (int i : indices) {
            if (range.get(i)) {
                c++;
            }
        }
        return c;
    }

    private static String reason(AlarmRule rule, Decision d, List<Datapoint> range) {
        String partial = d.evaluated().stream().map(range::get).filter(Datapoint::partial).findFirst()
                .map(p -> " Judged on a partial period: the datapoint of " + p.start() + " covers only "
                        + p.coveredSeconds() + " s of the " + rule.periodSeconds() + " s period (the rest lies outside "
                        + "the timeline).").orElse("");
        return basisReason(rule, d, range) + partial;
    }

    private static String basisReason(AlarmRule rule, Decision d, List<Datapoint> range) {
        String values = d.evaluated().stream()
                .map(i -> range.get(i).value() + " (" + range.get(i).start() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
        int breaching = (int) d.evaluated().stream().filter(i -> rule.breaches(range.get(i).value())).count();
        String against = rule.comparison().phrase() + " the threshold (" + rule.threshold() + ")";
        String needed = " (minimum " + rule.datapointsToAlarm() + " of " + rule.evaluationPeriods()
                + " datapoints for ALARM)";
        return switch (d.basis()) {
            case REAL_DATA -> "Threshold Crossed: " + breaching + " out of the last " + d.evaluated().size()
                    + " datapoints " + values + " were " + against + needed + ".";
            case FILLED -> "Threshold Crossed: " + breaching + " out of " + d.evaluated().size() + " datapoints "
                    + values + " were " + against + ", and " + d.filled() + " missing datapoint(s) were treated as "
                    + rule.treatMissingData() + needed + ".";
            case PARTIAL -> "Threshold Crossed: " + breaching + " out of the only " + d.evaluated().size()
                    + " datapoint(s) in the last " + range.size() + " periods " + values + " were " + against
                    + needed + "; missing datapoints are not filled (treatMissingData " + rule.treatMissingData() + ").";
            case NO_DATA -> "No datapoints in the last " + range.size() + " periods of " + rule.periodSeconds()
                    + " s; treatMissingData " + rule.treatMissingData() + ".";
            case PREMATURE_ALARM -> "Every datapoint in the last " + range.size() + " periods " + values + " was "
                    + against + " and the oldest is at least " + rule.datapointsToAlarm()
                    + " periods old; the rest are missing (CloudWatch's premature-alarm rule, treatMissingData "
                    + rule.treatMissingData() + ").";
        };
    }
}
