package io.pipebench.load.verdict;

import io.pipebench.gate.model.AlarmResult;
import io.pipebench.gate.model.AlarmState;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every check of a run; the run fails when any check fails: breached, or not evaluated (no data, not observed) and not
 * declared not applicable.
 */
public record VerdictTable(List<Check> checks) {

    public VerdictTable {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().noneMatch(Check::fails);
    }

    public List<Check> failed() {
        return checks.stream().filter(Check::fails).toList();
    }

    /**
     * Declares checks not applicable, by name, with the reason printed in the table: only a check that could not be
     * evaluated is changed (an observed figure is judged on its value, whatever the declaration says).
     */
    public VerdictTable declare(java.util.Map<String, String> notApplicable) {
        if (notApplicable.isEmpty()) {
            return this;
        }
        return new VerdictTable(checks.stream().map(c -> notApplicable.containsKey(c.name())
                && (c.state() == Check.State.NO_DATA || c.state() == Check.State.NOT_OBSERVED)
                ? c.notApplicable(notApplicable.get(c.name())) : c).toList());
    }

    /** The build-failure message: one line per failed check with name, observed value and threshold. */
    public String failureMessage(String scenario) {
        return "Load scenario '" + scenario + "' failed " + failed().size() + " check(s):\n"
                + failed().stream().map(c -> "  " + c.failureLine()).collect(Collectors.joining("\n"));
    }

    /** A fixed-width table for the console. */
    public String render() {
        int w = Math.max(28, checks.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 2);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + w + "s %-9s %-12s %16s  %-18s %s%n", "check", "kind", "verdict", "observed",
                "threshold", "notes"));
        for (Check c : checks) {
            String verdict = switch (c.state()) {
                case OK -> "OK";
                case BREACHED -> "BREACHED";
                case NO_DATA -> "NO DATA";
                case NOT_OBSERVED -> "NOT OBSERVED";
                case NOT_APPLICABLE -> "N/A";
            };
            String observed = c.observed() == null ? "-" : Check.number(c.observed()) + " " + c.unit();
            String threshold = c.comparison() + " " + Check.number(c.threshold()) + " " + c.unit();
            sb.append(String.format("%-" + w + "s %-9s %-12s %16s  %-18s %s%n", c.name(),
                    c.kind().name().toLowerCase(), verdict, observed, "breach if " + threshold,
                    c.detail() == null ? "" : c.detail()));
        }
        sb.append(passed() ? "VERDICT: PASS" : "VERDICT: FAIL (" + failed().size() + " failed)");
        return sb.toString();
    }

    /** The checks as the CI gate reads them: thresholds are prefixed {@code threshold:}. */
    public List<AlarmResult> toAlarmResults() {
        return checks.stream().map(c -> new AlarmResult(
                (c.kind() == Check.Kind.THRESHOLD ? "threshold:" : "") + c.name(),
                switch (c.state()) {
                    case OK -> AlarmState.OK;
                    case NOT_APPLICABLE -> AlarmState.NOT_APPLICABLE;
                    case BREACHED -> AlarmState.ALARM;
                    case NO_DATA, NOT_OBSERVED -> AlarmState.INSUFFICIENT_DATA;
                }, c.observed(), c.threshold())).toList();
    }
}
