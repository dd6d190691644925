package io.pipebench.gate.compare;

import io.pipebench.gate.model.Better;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One candidate's JMH rows against several baselines (bracketed: the baseline's own code benchmarked just before and
 * just after the candidate in one job) made into one row per benchmark. A benchmark regresses, or improves, only if
 * it did so against every baseline: drift of the machine during the job moves the baselines too, so the kindest
 * comparison is the honest one. The load gate's bracketed rows ({@code LoadComparator}) go through {@link #one} too.
 */
final class BracketedRows {

    private BracketedRows() {
    }

    /**
     * @param direction which way is better for a metric id (as the comparator decided it), so "kindest" means the
     *                  least bad change, not the smallest
     */
    static MetricRows combine(List<MetricRows> perBaseline, Function<String, Optional<Better>> direction) {
        Map<String, List<MetricComparison>> byMetric = new LinkedHashMap<>();
        Set<String> notes = new LinkedHashSet<>();
        for (MetricRows rows : perBaseline) {
            rows.rows().forEach(r -> byMetric.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r));
            notes.addAll(rows.notes());
        }
        List<MetricComparison> combined = new ArrayList<>();
        byMetric.values().forEach(rows -> combined.add(one(rows, direction.apply(rows.get(0).metric()))));
        return new MetricRows(combined, List.copyOf(notes));
    }

    /** How bad a change is: in the metric's bad direction when known, else its size. */
    private static double bad(MetricComparison r, Optional<Better> better) {
        return better.map(b -> b.badChange(r.change())).orElse(Math.abs(r.change()));
    }

    /** One benchmark's (or figure's) comparisons with each baseline, in baseline order, made into its one row. */
    static MetricComparison one(List<MetricComparison> rows, Optional<Better> better) {
        // Fail closed first: a benchmark one comparison could not judge, or the candidate no longer has, stays so.
        for (Verdict closed : List.of(Verdict.NOT_EVALUATED, Verdict.MISSING)) {
            for (MetricComparison r : rows) {
                if (r.verdict() == closed) {
                    return r;
                }
            }
        }
        List<MetricComparison> compared = rows.stream().filter(r -> r.verdict() != Verdict.NEW).toList();
        if (compared.isEmpty()) {
            return rows.get(0);
        }
        boolean allRegressed = compared.stream().allMatch(r -> r.verdict() == Verdict.REGRESSED);
        boolean allImproved = compared.stream().allMatch(r -> r.verdict() == Verdict.IMPROVED);
        Verdict verdict = allRegressed ? Verdict.REGRESSED : allImproved ? Verdict.IMPROVED : Verdict.UNCHANGED;
        // The row shown: one with the combined verdict and the least bad change (the kindest comparison).
        MetricComparison kindest = compared.stream()
                .filter(r -> r.verdict() == verdict || verdict == Verdict.UNCHANGED && r.verdict() != Verdict.REGRESSED)
                .min((a, b) -> Double.compare(bad(a, better), bad(b, better)))
                .orElse(compared.get(0));
        String partial = compared.size() < rows.size() ? "; compared with " + compared.size() + " of " + rows.size()
                + " baselines (new against the others)" : "";
        if (compared.size() == 1) {
            return new MetricComparison(kindest.metric(), kindest.baseline(), kindest.candidate(), kindest.change(),
                    kindest.statistic() + partial, kindest.verdict());
        }
        String changes = String.join(", ", compared.stream().map(r -> Figures.percent(r.change())).toList());
        String baselines = String.join(" | ", compared.stream().map(MetricComparison::baseline).toList());
        return new MetricComparison(kindest.metric(), baselines, kindest.candidate(), kindest.change(),
                kindest.statistic() + "; against each baseline " + changes + partial, verdict);
    }
}
