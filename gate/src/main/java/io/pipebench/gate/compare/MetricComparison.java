package io.pipebench.gate.compare;

import java.util.Objects;

/**
 * One row of a comparison.
 *
 * @param metric    the metric's identity
 * @param baseline  the baseline figure as shown (with ± error and unit where known), or "-"
 * @param candidate the candidate figure as shown, or "-"
 * @param change    relative change candidate vs baseline (0.2 = +20%), NaN when there is none
 * @param statistic how the verdict was reached: "p=0.0004", "99.9% CI overlap", "tolerance 25%", ...
 * @param verdict   the outcome
 */
public record MetricComparison(String metric, String baseline, String candidate, double change, String statistic,
                               Verdict verdict) {

    public MetricComparison {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(verdict, "verdict");
    }
}
