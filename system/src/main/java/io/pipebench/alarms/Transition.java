package io.pipebench.alarms;

import java.time.Instant;

/** An alarm state change, at the evaluation that caused it, with CloudWatch-style reason text naming the datapoints. */
public record Transition(Instant time, AlarmState from, AlarmState to, String reason) {

    @Override
    public String toString() {
        return time + " " + from + " -> " + to + ": " + reason;
    }
}
