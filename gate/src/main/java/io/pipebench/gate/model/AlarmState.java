package io.pipebench.gate.model;

/**
 * The state of an alarm at the end of a load-test run, as CloudWatch names them, plus NOT_APPLICABLE: a check the
 * scenario declared it cannot evaluate (with its reason in the run's verdict table). It is kept apart from OK so the
 * gate can tell a check that passed from one that was never made.
 */
public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA,
    NOT_APPLICABLE
}
