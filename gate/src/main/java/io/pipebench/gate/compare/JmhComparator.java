package io.pipebench.gate.compare;

import io.pipebench.gate.GateInputException;
import io.pipebench.gate.jmh.JmhMetric;
import io.pipebench.gate.jmh.JmhUnits;
import io.pipebench.gate.model.Better;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares JMH metrics of a baseline and a candidate run.
 * <ul>
 *   <li>With iteration data on both sides: Welch's t-test. A regression needs BOTH p &lt; alpha AND a change of at
 *       least the minimum effect in the bad direction, so a significant 2% wobble on a noisy 2-core CI box passes.
 *       An improvement needs the same in the good direction.</li>
 *   <li>Without iteration data: JMH's 99.9% confidence intervals; overlapping intervals are unchanged, disjoint ones
 *       are judged by the minimum effect.</li>
 *   <li>With neither (a single iteration): the minimum effect alone, said so in the statistic column.</li>
 * </ul>
 * Direction comes from the JMH mode (thrpt up, avgt/sample/ss down), allocation per op down, or gate.yaml.
 */
public final class JmhComparator {

    private final Thresholds thresholds;

    public JmhComparator(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Compares every metric of both runs; rows are in baseline order, then new metrics. */
    public MetricRows compare(List<JmhMetric> baseline, List<JmhMetric> candidate) {
        Map<String, JmhMetric> base = index(baseline, "baseline");
        Map<String, JmhMetric> cand = index(candidate, "candidate");
        List<MetricComparison> rows = new ArrayList<>();
        List<String> undirected = new ArrayList<>();
        int ignored = 0;
        Map<String, JmhMetric> all = new LinkedHashMap<>(base);
        cand.forEach(all::putIfAbsent);
        for (Map.Entry<String, JmhMetric> entry : all.entrySet()) {
            String id = entry.getKey();
            if (thresholds.ignored(id)) {
                ignored++;
                continue;
            }
            Optional<Better> better = thresholds.better(id).or(() -> entry.getValue().better());
            if (better.isEmpty()) {
                undirected.add(id);
                continue;
            }
            JmhMetric b = base.get(id);
            JmhMetric c = cand.get(id);
            if (c == null) {
                rows.add(new MetricComparison(id, shown(b), "-", Double.NaN, "", Verdict.MISSING));
            } else if (b == null) {
                rows.add(new MetricComparison(id, "-", shown(c), Double.NaN, "", Verdict.NEW));
            } else {
                rows.add(compare(id, b, c, better.get()));
            }
        }
        List<String> notes = new ArrayList<>();
        if (ignored > 0) {
            notes.add(ignored + " metric(s) matched an ignore pattern of the thresholds file and were not compared.");
        }
        if (!undirected.isEmpty()) {
            notes.add(undirected.size() + " secondary metric(s) have no known direction and were not gated (give one "
                    + "with 'better:' in a gate.yaml override): " + String.join(", ", undirected));
        }
        return new MetricRows(rows, notes);
    }

    MetricComparison compare(String id, JmhMetric baseline, JmhMetric candidate, Better better) {
        JmhMetric c = inUnitOf(candidate, baseline.unit(), id);
        double change = relativeChange(baseline.score(), c.score());
        double bad = better.badChange(change);
        double minimumEffect = thresholds.minimumEffect(id);
        String statistic;
        boolean different;
        if (WelchTest.applicable(baseline.samples(), c.samples())) {
            double alpha = thresholds.alpha(id);
            double p = WelchTest.pValue(baseline.samples(), c.samples());
            different = p < alpha;
            statistic = Figures.pValue(p) + " (n=" + baseline.samples().size() + "/" + c.samples().size() + ")";
        } else if (!Double.isNaN(baseline.error()) && !Double.isNaN(c.error())) {
            boolean overlap = baseline.low() <= c.high() && c.low() <= baseline.high();
            different = !overlap;
            statistic = overlap ? "99.9% CI overlap" : "99.9% CI disjoint";
        } else {
            different = true;
            statistic = "no CI: effect only";
        }
        Verdict verdict;
        if (different && bad >= minimumEffect) {
            verdict = Verdict.REGRESSED;
        } else if (different && -bad >= minimumEffect) {
            verdict = Verdict.IMPROVED;
        } else {
            verdict = Verdict.UNCHANGED;
        }
        return new MetricComparison(id, shown(baseline), shown(c), change, statistic, verdict);
    }

    /** (candidate - baseline) / baseline; a change from zero is infinite in its direction. */
    static double relativeChange(double baseline, double candidate) {
        if (baseline == 0) {
            return candidate == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, candidate);
        }
        return (candidate - baseline) / Math.abs(baseline);
    }

    private static JmhMetric inUnitOf(JmhMetric metric, String unit, String id) {
        if (JmhUnits.factor(metric.unit(), unit).isEmpty()) {
            throw new GateInputException(id + ": the baseline is in " + unit + " but the candidate in "
                    + metric.unit() + "; these cannot be converted (run both with the same -tu / mode)");
        }
        return metric.inUnit(unit);
    }

    private static String shown(JmhMetric m) {
        return Figures.withError(m.score(), m.error(), m.unit());
    }

    private static Map<String, JmhMetric> index(List<JmhMetric> metrics, String side) {
        Map<String, JmhMetric> byId = new LinkedHashMap<>();
        for (JmhMetric m : metrics) {
            if (byId.put(m.id(), m) != null) {
                throw new GateInputException("the " + side + " has " + m.id() + " twice; compare one JMH result file "
                        + "per side");
            }
        }
        return byId;
    }
}
