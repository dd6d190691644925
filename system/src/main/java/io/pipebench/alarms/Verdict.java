package io.pipebench.alarms;

import java.util.OptionalDouble;

/**
 * What a load test or CI gate asks of one alarm: its state at the end, whether it was in ALARM at any time, the worst
 * datapoint seen and the threshold it is compared with.
 *
 * @param state the state after the last evaluation
 * @param alarmed true when the alarm was in ALARM at any evaluation
 * @param observed the worst datapoint (largest for "greater than" alarms, smallest otherwise); empty without data
 */
public record Verdict(String rule, AlarmState state, boolean alarmed, OptionalDouble observed, double threshold,
                      ComparisonOperator comparison, String statistic, String unit) {

    /** Passed: the alarm never went to ALARM. INSUFFICIENT_DATA is not a failure here; see {@link #state()}. */
    public boolean passed() {
        return !alarmed;
    }

    /** One line, e.g. {@code high-consumer-lag: ALARM (Maximum 1520.0 Count > 1000.0)}. */
    public String render() {
        return rule + ": " + state + (alarmed && state != AlarmState.ALARM ? " (was ALARM)" : "") + " ("
                + statistic + " " + (observed.isPresent() ? String.valueOf(observed.getAsDouble()) : "no data") + " "
                + unit + " " + comparison.symbol() + " " + threshold + ")";
    }
}
