package io.pipebench.gate.model;

import java.util.Objects;

/**
 * An alarm's verdict at the end of a run.
 *
 * @param name      the alarm's name
 * @param state     OK, ALARM, INSUFFICIENT_DATA or NOT_APPLICABLE; ALARM and INSUFFICIENT_DATA fail the gate, and so
 *                  does NOT_APPLICABLE where a baseline evaluated the check
 * @param observed  the value the alarm last evaluated, or null when it had no data
 * @param threshold the alarm's threshold
 */
public record AlarmResult(String name, AlarmState state, Double observed, Double threshold) {

    public AlarmResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }
}
