package io.pipebench.workload;

import java.time.Duration;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1.5h}, or ISO-8601 ({@code PT5M}). */
public final class Durations {

    private Durations() {
    }

    /** Parses a duration; the error names the option or field it came from. */
    public static Duration parse(String field, String text) {
        return WorkloadLoader.duration("option", field, text);
    }
}
