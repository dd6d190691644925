package io.pipebench.gate.compare;

import io.pipebench.gate.model.EnvironmentInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one gate run: the environment check, one row per metric, notes, and the exit code.
 *
 * @param title              what was compared, e.g. "JMH" or "load: steady"
 * @param baselineSource     where the baseline came from
 * @param candidateSource    where the candidate came from
 * @param baselineEnv        the baseline's environment, or null when unknown
 * @param candidateEnv       the candidate's environment, or null when unknown
 * @param environmentDiffs   mismatching or unknown environment fields
 * @param rows               one per metric
 * @param notes              what was not compared and why
 * @param thresholds         the thresholds applied, for the record
 * @param strictEnvironment  an environment mismatch fails the gate
 * @param allowMissing       a metric missing from the candidate is reported but does not fail the gate
 */
public record ComparisonReport(String title, String baselineSource, String candidateSource, EnvironmentInfo baselineEnv,
                               EnvironmentInfo candidateEnv, List<EnvironmentCheck.Difference> environmentDiffs,
                               List<MetricComparison> rows, List<String> notes, String thresholds,
                               boolean strictEnvironment, boolean allowMissing) {

    /** Exit code when the gate passes. */
    public static final int PASS = 0;
    /**
     * Exit code on a regression, a metric that could not be evaluated, a metric missing from the candidate (unless
     * allowed) or, with --strict-environment, an environment mismatch.
     */
    public static final int FAIL = 1;
    /** Exit code on bad input. */
    public static final int BAD_INPUT = 2;

    public ComparisonReport {
        environmentDiffs = List.copyOf(environmentDiffs);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** How many rows have this verdict. */
    public long count(Verdict verdict) {
        return rows.stream().filter(r -> r.verdict() == verdict).count();
    }

    /** The rows with this verdict. */
    public List<MetricComparison> rows(Verdict verdict) {
        return rows.stream().filter(r -> r.verdict() == verdict).toList();
    }

    /** True when the environments differ or are unknown. */
    public boolean environmentMismatch() {
        return !environmentDiffs.isEmpty();
    }

    /** Why the gate fails; empty when it passes. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (count(Verdict.REGRESSED) > 0) {
            failures.add(count(Verdict.REGRESSED) + " regressed");
        }
        if (strictEnvironment && environmentMismatch()) {
            failures.add("environment mismatch (--strict-environment)");
        }
        if (count(Verdict.NOT_EVALUATED) > 0) {
            failures.add(count(Verdict.NOT_EVALUATED) + " not evaluated");
        }
        if (!allowMissing && count(Verdict.MISSING) > 0) {
            failures.add(count(Verdict.MISSING) + " missing from the candidate (--allow-missing to accept)");
        }
        return failures;
    }

    /** True when nothing fails the gate. */
    public boolean passed() {
        return failures().isEmpty();
    }

    /** 0 when the gate passes, 1 when it fails. */
    public int exitCode() {
        return passed() ? PASS : FAIL;
    }
}
