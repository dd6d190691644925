package io.pipebench.gate.model;

/** The state of an alarm at the end of a load-test run, as CloudWatch names them. */
public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA
}
