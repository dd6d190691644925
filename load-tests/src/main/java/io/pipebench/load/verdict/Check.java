package io.pipebench.load.verdict;

import java.util.Locale;

/**
 * One line of the verdict: an alarm from the alarm file or a threshold of the workload, what was observed, and
 * whether it held.
 *
 * @param comparison the breaching side, e.g. {@code >} (breached when observed &gt; threshold)
 * @param observed   null when there was no data or it cannot be observed
 * @param detail     how the figure was obtained, or why it is missing
 */
public record Check(String name, Kind kind, State state, Double observed, double threshold, String comparison,
                    String unit, String detail) {

    public enum Kind { ALARM, THRESHOLD }

    /** OK; BREACHED fails the run; NO_DATA and NOT_OBSERVED are reported, never counted as a pass value of 0. */
    public enum State { OK, BREACHED, NO_DATA, NOT_OBSERVED }

    public boolean breached() {
        return state == State.BREACHED;
    }

    /** e.g. {@code high-consumer-lag: observed 1520 Count, threshold > 1000 Count}. */
    public String failureLine() {
        return name + ": observed " + (observed == null ? "no data" : number(observed) + " " + unit) + ", threshold "
                + comparison + " " + number(threshold) + " " + unit;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
