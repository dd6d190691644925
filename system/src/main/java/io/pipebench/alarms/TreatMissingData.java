package io.pipebench.alarms;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an alarm treats periods without a datapoint, as CloudWatch's {@code TreatMissingData}: {@code missing} (the
 * CloudWatch default), {@code notBreaching}, {@code breaching} or {@code ignore}. See {@link AlarmEvaluator} for the
 * exact rules.
 */
public enum TreatMissingData {
    MISSING("missing"),
    NOT_BREACHING("notBreaching"),
    BREACHING("breaching"),
    IGNORE("ignore");

    private final String cloudWatchName;

    TreatMissingData(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    /** The value CloudWatch expects, e.g. {@code notBreaching}. */
    public String cloudWatchName() {
        return cloudWatchName;
    }

    public static Optional<TreatMissingData> fromCloudWatchName(String name) {
        return Arrays.stream(values()).filter(t -> t.cloudWatchName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return cloudWatchName;
    }
}
