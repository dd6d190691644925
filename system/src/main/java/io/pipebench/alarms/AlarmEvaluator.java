package io.pipebench.alarms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Replays a {@link MetricTimeline} through an {@link AlarmRule} the way CloudWatch evaluates a metric alarm, so a load
 * test can assert the alarms the design document defines.
 *
 * <p><b>Datapoints.</b> Periods are aligned to the epoch (a 300 s period starts at :00, :05, ...), as CloudWatch aligns
 * them. The samples of the rule's metric whose dimensions include the rule's dimensions are grouped by period and
 * reduced by the rule's {@link Statistic}; a period without such a sample has no datapoint (it is missing).
 *
 * <p><b>Evaluation.</b> The alarm is evaluated at the end of every period of the timeline, and once more at the
 * timeline's end for the last, partial period. Each evaluation looks at the <em>evaluation range</em>: the last
 * {@code N + 2} periods ({@value #EXTRA_RANGE} more than the N evaluation periods; the CloudWatch user guide's examples
 * use 5 for N = 3 and the exact number is not published). Following "How alarm state is evaluated when data is
 * missing" in the CloudWatch user guide:
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

    private AlarmEvaluator() {
    }

    /** Evaluates the enabled rules of a catalog, in catalog order. */
    public static List<AlarmHistory> evaluate(AlarmCatalog catalog, MetricTimeline timeline) {
        return catalog.enabled().stream().map(r -> evaluate(r, timeline)).toList();
    }

    public static AlarmHistory evaluate(AlarmRule rule, MetricTimeline timeline) {
        long period = rule.periodSeconds();
        long first = Math.floorDiv(timeline.start().getEpochSecond(), period);
        TreeMap<Long, List<Double>> byPeriod = new TreeMap<>();
        for (MetricSample s : timeline.samples()) {
            if (rule.matches(s)) {
                byPeriod.computeIfAbsent(Math.floorDiv(s.time().getEpochSecond(), period), k -> new ArrayList<>())
                        .add(s.value());
            }
        }
        long last = Math.floorDiv(timeline.end().getEpochSecond(), period);
        if (last > first && timeline.end().equals(Instant.ofEpochSecond(last * period)) && !byPeriod.containsKey(last)) {
            last--; // a timeline ending exactly on a period boundary has no (empty, zero-length) period after it
        }
        Map<Long, Datapoint> datapoints = new TreeMap<>();
        for (Map.Entry<Long, List<Double>> e : byPeriod.entrySet()) {
            double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            Instant start = Instant.ofEpochSecond(e.getKey() * period);
            Instant end = e.getKey() == last ? timeline.end() : start.plusSeconds(period);
            datapoints.put(e.getKey(), new Datapoint(start, end, rule.statistic().apply(values), values.length));
        }

        int n = rule.evaluationPeriods();
        int rangeSize = n + EXTRA_RANGE;
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        List<Transition> transitions = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            Instant at = k == last ? timeline.end() : Instant.ofEpochSecond((k + 1) * period);
            List<Datapoint> range = new ArrayList<>(rangeSize);
            List<Boolean> breaching = new ArrayList<>(rangeSize);
            for (long j = k - rangeSize + 1; j <= k; j++) {
                Datapoint d = datapoints.get(j); // periods before the timeline are missing too
                range.add(d);
                breaching.add(d == null ? null : rule.breaches(d.value()));
            }
            Decision decision = decide(n, rule.datapointsToAlarm(), rule.treatMissingData(), breaching, state);
            if (decision.state() != state) {
                transitions.add(new Transition(at, state, decision.state(), reason(rule, decision, range)));
                state = decision.state();
            }
        }
        return new AlarmHistory(rule, List.copyOf(datapoints.values()), transitions, state);
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
