package io.pipebench.alarms;

import java.util.Map;
import java.util.Optional;

/**
 * One alarm, in CloudWatch's terms: the metric (name, dimensions, optional namespace), how each period becomes a
 * datapoint ({@code statistic}, {@code periodSeconds}), when a datapoint breaches ({@code comparison},
 * {@code threshold}), how many breaching datapoints raise the alarm ({@code datapointsToAlarm} out of the last
 * {@code evaluationPeriods}), and what a period without data means ({@code treatMissingData}).
 * Built and validated by {@link AlarmCatalog}.
 *
 * @param namespace empty: the namespace the system publishes to (given at export); set for AWS metrics such as
 *                  {@code AWS/Kafka}
 * @param dimensions the evaluator reads them as a filter (a sample must carry at least these); CloudWatch matches the
 *                   exact dimension set, so a published metric must carry exactly these dimensions to be alarmed on
 * @param action what should happen on ALARM, in words; the export puts it in the alarm description
 */
public record AlarmRule(
        String name,
        String description,
        boolean enabled,
        Optional<String> namespace,
        String metric,
        Map<String, String> dimensions,
        Statistic statistic,
        ComparisonOperator comparison,
        double threshold,
        String unit,
        int periodSeconds,
        int evaluationPeriods,
        int datapointsToAlarm,
        TreatMissingData treatMissingData,
        String action) {

    public AlarmRule {
        dimensions = Map.copyOf(dimensions);
    }

    /** True when the sample belongs to this rule's metric: same name, and every rule dimension present and equal. */
    public boolean matches(MetricSample sample) {
        if (!sample.metric().equals(metric)) {
            return false;
        }
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            if (!d.getValue().equals(sample.dimensions().get(d.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public boolean breaches(double datapoint) {
        return comparison.breaches(datapoint, threshold);
    }

    /** A copy with another missing-data policy (for what-if evaluations and tests). */
    public AlarmRule withTreatMissingData(TreatMissingData policy) {
        return new AlarmRule(name, description, enabled, namespace, metric, dimensions, statistic, comparison, threshold,
                unit, periodSeconds, evaluationPeriods, datapointsToAlarm, policy, action);
    }

    /** A copy with other evaluation periods and datapoints to alarm (N and M). */
    public AlarmRule withEvaluation(int evaluationPeriods, int datapointsToAlarm) {
        return new AlarmRule(name, description, enabled, namespace, metric, dimensions, statistic, comparison, threshold,
                unit, periodSeconds, evaluationPeriods, datapointsToAlarm, treatMissingData, action);
    }

    /** One line, e.g. {@code kafka.consumer.lag{statistic=sum} Maximum > 1000.0 Count, 1 of 1 x 300 s, missing=ignore}. */
    public String summary() {
        return metric + (dimensions.isEmpty() ? "" : dimensions.toString()) + " " + statistic + " " + comparison.symbol()
                + " " + threshold + " " + unit + ", " + datapointsToAlarm + " of " + evaluationPeriods + " x "
                + periodSeconds + " s, missing=" + treatMissingData;
    }
}
