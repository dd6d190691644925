package io.pipebench.alarms;

/** The three states of a CloudWatch metric alarm; every alarm starts in {@link #INSUFFICIENT_DATA}. */
public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA
}
