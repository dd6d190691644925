package io.pipebench.gate.compare;

import java.util.Locale;

/** The outcome for one metric. Only {@link #REGRESSED} fails the gate. */
public enum Verdict {
    IMPROVED,
    UNCHANGED,
    REGRESSED,
    /** In the candidate only: nothing to compare with yet. */
    NEW,
    /** In the baseline only: the candidate no longer measures it. */
    MISSING;

    /** Lower-case label for tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
