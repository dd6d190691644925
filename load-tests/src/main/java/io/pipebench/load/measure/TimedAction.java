package io.pipebench.load.measure;

/**
 * Something done to the system at a set time of a run (stop a broker, restart it), in seconds after the measured
 * window opens. It runs on its own thread, so a slow broker stop does not hold up sampling.
 */
public record TimedAction(double atMeasuredSecond, String description, Runnable action) {
}
