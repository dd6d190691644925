package io.pipebench.gate.compare;

import java.util.Locale;

/**
 * The outcome for one metric. {@link #REGRESSED} and {@link #NOT_EVALUATED} fail the gate, and so does
 * {@link #MISSING} unless missing metrics are allowed.
 */
public enum Verdict {
    IMPROVED,
    UNCHANGED,
    REGRESSED,
    /** In the candidate only: nothing to compare with yet. */
    NEW,
    /** In the baseline only: the candidate no longer measures it. */
    MISSING,
    /** Both sides have it, but the data cannot support a verdict (e.g. too few forks): fails closed. */
    NOT_EVALUATED;

    /** Lower-case label for tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** True for the verdicts a reader must look at: shown in capitals (text) or bold (Markdown). */
    public boolean alarming() {
        return this == REGRESSED || this == NOT_EVALUATED;
    }
}
