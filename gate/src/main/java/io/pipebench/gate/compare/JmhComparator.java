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
 *   <li>The test: Welch's t-test on the fork means. Forks are JMH's independent observations: iterations inside one
 *       JVM share its JIT decisions, so pooling them as independent samples overstates the evidence. A gated
 *       benchmark needs at least {@value #MINIMUM_FORKS} forks on each side; with fewer it is
 *       {@link Verdict#NOT_EVALUATED} (fails closed) unless few forks are allowed, and then judged as before:
 *       Welch's test on pooled iterations, else JMH's 99.9% intervals, else the effect alone, said so in the row.</li>
 *   <li>The effect: a change counts only if {@code |ln(candidate / baseline)| >= ln(1 + minimum effect)}, so a 2x
 *       slowdown is the same size whether it halves a throughput or doubles a time.</li>
 * </ul>
 * A regression needs BOTH the test (p &lt; alpha) AND the effect in the bad direction, so a significant 2% wobble
 * on a noisy 2-core CI box passes; an improvement needs the same in the good direction. Direction comes from the JMH
 * mode (thrpt up, avgt/sample/ss down), allocation per op down, or gate.yaml.
 */
public final class JmhComparator {

    /** Fork means needed on each side for a test on fork means. */
    public static final int MINIMUM_FORKS = 3;

    // Prefixes the statistic of a metric judged with fewer forks than a test on fork means needs.
    private static final String FEW_FORKS = "few forks: ";

    private final Thresholds thresholds;
    private final boolean allowFewForks;

    /**
     * @param allowFewForks judge benchmarks with fewer than {@value #MINIMUM_FORKS} forks on pooled iterations
     *                      instead of failing them as not evaluated
     */
    public JmhComparator(Thresholds thresholds, boolean allowFewForks) {
        this.thresholds = thresholds;
        this.allowFewForks = allowFewForks;
    }

    /** Compares every metric of both runs; rows are in baseline order, then new metrics. */
    public MetricRows compare(List<JmhMetric> baseline, List<JmhMetric> candidate) {
        return compare(baseline, candidate, "the baseline", "the candidate");
    }

    /** As {@link #compare(List, List)}; the files name the runs in error messages. */
    public MetricRows compare(List<JmhMetric> baseline, List<JmhMetric> candidate, String baselineFile,
                              String candidateFile) {
        Map<String, JmhMetric> base = index(baseline, baselineFile);
        Map<String, JmhMetric> cand = index(candidate, candidateFile);
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
        long fewForks = rows.stream().filter(r -> r.verdict() == Verdict.NOT_EVALUATED).count();
        if (fewForks > 0) {
            notes.add(fewForks + " metric(s) not evaluated: a test on fork means needs at least " + MINIMUM_FORKS
                    + " forks in the baseline and in the candidate. Re-run with -f " + MINIMUM_FORKS + " or more (the "
                    + "benchmarks-quick profile does) and promote that run as the baseline ('gate promote jmh --name "
                    + "NAME FILE'); --allow-few-forks judges them on pooled iterations instead.");
        } else if (rows.stream().anyMatch(r -> r.statistic().startsWith(FEW_FORKS))) {
            notes.add("Some metrics had fewer than " + MINIMUM_FORKS + " forks and were judged on pooled iterations or "
                    + "JMH's interval (--allow-few-forks): their p-values overstate the evidence.");
        }
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
        int baseForks = baseline.forks().size();
        int candForks = c.forks().size();
        String statistic;
        boolean different;
        if (baseForks >= MINIMUM_FORKS && candForks >= MINIMUM_FORKS) {
            double p = WelchTest.pValue(baseline.forkMeans(), c.forkMeans());
            different = p < thresholds.alpha(id);
            statistic = Figures.pValue(p) + " (fork means, n=" + baseForks + "/" + candForks + ")";
        } else if (!allowFewForks) {
            return new MetricComparison(id, shown(baseline), shown(c), change, "forks " + baseForks + "/" + candForks
                    + ": " + (baseForks < MINIMUM_FORKS ? "re-run and promote the baseline" : "re-run the candidate")
                    + " with -f " + MINIMUM_FORKS, Verdict.NOT_EVALUATED);
        } else if (WelchTest.applicable(baseline.samples(), c.samples())) {
            double p = WelchTest.pValue(baseline.samples(), c.samples());
            different = p < thresholds.alpha(id);
            statistic = FEW_FORKS + Figures.pValue(p) + " (pooled iterations, n=" + baseline.samples().size() + "/"
                    + c.samples().size() + ")";
        } else if (!Double.isNaN(baseline.error()) && !Double.isNaN(c.error())) {
            boolean overlap = baseline.low() <= c.high() && c.low() <= baseline.high();
            different = !overlap;
            statistic = FEW_FORKS + (overlap ? "99.9% CI overlap" : "99.9% CI disjoint");
        } else {
            different = true;
            statistic = FEW_FORKS + "no CI: effect only";
        }
        double bad = better == Better.HIGHER ? -logRatio(baseline.score(), c.score())
                : logRatio(baseline.score(), c.score());
        double floor = Math.log1p(thresholds.minimumEffect(id));
        Verdict verdict;
        if (different && bad >= floor) {
            verdict = Verdict.REGRESSED;
        } else if (different && -bad >= floor) {
            verdict = Verdict.IMPROVED;
        } else {
            verdict = Verdict.UNCHANGED;
        }
        return new MetricComparison(id, shown(baseline), shown(c), change, statistic, verdict);
    }

    /** ln(candidate / baseline) of two scores >= 0; a change from or to zero is infinite in its direction. */
    static double logRatio(double baseline, double candidate) {
        if (baseline == 0 || candidate == 0) {
            return baseline == candidate ? 0 : baseline == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Math.log(candidate / baseline);
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

    private static Map<String, JmhMetric> index(List<JmhMetric> metrics, String file) {
        Map<String, JmhMetric> byId = new LinkedHashMap<>();
        for (JmhMetric m : metrics) {
            if (byId.put(m.id(), m) != null) {
                throw new GateInputException(file + ": has " + m.id() + " twice; compare one JMH result file "
                        + "per side");
            }
        }
        return byId;
    }
}
