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

    /**
     * OK and NOT_APPLICABLE pass; everything else fails the run. A check that could not be evaluated (NO_DATA,
     * NOT_OBSERVED) fails closed: missing data is never a pass. NOT_APPLICABLE is only ever declared by the scenario or
     * the user, with its reason in {@code detail}, for a check that could not be evaluated.
     */
    public enum State { OK, BREACHED, NO_DATA, NOT_OBSERVED, NOT_APPLICABLE }

    /** True when this check fails the run: breached, or not evaluated and not declared not applicable. */
    public boolean fails() {
        return state != State.OK && state != State.NOT_APPLICABLE;
    }

    /** The same check declared not applicable, with the reason. */
    public Check notApplicable(String reason) {
        return new Check(name, kind, State.NOT_APPLICABLE, observed, threshold, comparison, unit,
                "not applicable: " + reason + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
    }

    /** e.g. {@code high-consumer-lag: observed 1520 Count, threshold > 1000 Count}. */
    public String failureLine() {
        String why = switch (state) {
            case NO_DATA -> " (no data: " + detail + ")";
            case NOT_OBSERVED -> " (not observed: " + detail + ")";
            default -> "";
        };
        return name + ": observed " + (observed == null ? "no data" : number(observed) + " " + unit) + ", threshold "
                + comparison + " " + number(threshold) + " " + unit + why;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
