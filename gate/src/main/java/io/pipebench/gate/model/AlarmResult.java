package io.pipebench.gate.model;

import java.util.Objects;

/**
 * An alarm's verdict at the end of a run.
 *
 * @param name      the alarm's name
 * @param state     OK, ALARM or INSUFFICIENT_DATA; anything but OK fails the gate
 * @param observed  the value the alarm last evaluated, or null when it had no data
 * @param threshold the alarm's threshold
 */
public record AlarmResult(String name, AlarmState state, Double observed, Double threshold) {

    public AlarmResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }
}
