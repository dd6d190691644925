package io.pipebench.gate.compare;

import io.pipebench.gate.model.EnvironmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link ComparisonReport} as Markdown (a pull-request comment) or as aligned plain text (a CI log). */
public final class ComparisonRenderer {

    private static final String[] HEADER = {"Metric", "Baseline", "New", "Change", "Statistic", "Verdict"};

    private ComparisonRenderer() {
    }

    /** Markdown with a verdict headline, an environment warning when needed, and the table. */
    public static String markdown(ComparisonReport report) {
        StringBuilder md = new StringBuilder();
        md.append("## Performance gate (").append(report.title()).append("): ").append(headline(report)).append("\n\n");
        md.append("Baseline: `").append(report.baselineSource()).append('`').append(envLabel(report.baselineEnv()))
                .append("  \nCandidate: `").append(report.candidateSource()).append('`')
                .append(envLabel(report.candidateEnv())).append("\n\n");
        if (report.environmentMismatch()) {
            md.append("> [!WARNING]\n> **Environment mismatch**").append(report.strictEnvironment()
                            ? " (fails the gate: --strict-environment)" : "")
                    .append(": these runs were not measured on the same setup, so a difference may come from the "
                            + "machine rather than the change.\n>\n> | Field | Baseline | Candidate |\n> |---|---|---|\n");
            for (EnvironmentCheck.Difference d : report.environmentDiffs()) {
                md.append("> | ").append(cell(d.field())).append(" | ").append(cell(d.baseline())).append(" | ")
                        .append(cell(d.candidate())).append(" |\n");
            }
            md.append('\n');
        }
        md.append("| ").append(String.join(" | ", HEADER)).append(" |\n|---|--:|--:|--:|---|---|\n");
        for (MetricComparison row : report.rows()) {
            String verdict = row.verdict().alarming() ? "**" + row.verdict().label() + "**" : row.verdict().label();
            md.append("| `").append(cell(displayName(row.metric()))).append("` | ").append(cell(row.baseline()))
                    .append(" | ").append(cell(row.candidate())).append(" | ").append(Figures.percent(row.change()))
                    .append(" | ").append(cell(row.statistic())).append(" | ").append(verdict).append(" |\n");
        }
        if (report.rows().isEmpty()) {
            md.append("| (no metrics compared) | | | | | |\n");
        }
        md.append("\n<sub>").append(cell(report.thresholds())).append("</sub>\n");
        for (String note : report.notes()) {
            md.append("\n- ").append(note);
        }
        if (!report.notes().isEmpty()) {
            md.append('\n');
        }
        return md.toString();
    }

    /** Plain text for stdout: headline, environment banner, aligned table. */
    public static String text(ComparisonReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Performance gate (").append(report.title()).append("): ").append(headline(report)).append('\n');
        out.append("  baseline:  ").append(report.baselineSource()).append(envLabel(report.baselineEnv())).append('\n');
        out.append("  candidate: ").append(report.candidateSource()).append(envLabel(report.candidateEnv()))
                .append("\n\n");
        if (report.environmentMismatch()) {
            out.append("!!! ENVIRONMENT MISMATCH").append(report.strictEnvironment() ? " (fails: --strict-environment)"
                    : "").append(" - a difference may come from the machine, not the change:\n");
            for (EnvironmentCheck.Difference d : report.environmentDiffs()) {
                out.append("!!!   ").append(d.field()).append(": baseline ").append(d.baseline())
                        .append(", candidate ").append(d.candidate()).append('\n');
            }
            out.append('\n');
        }
        List<String[]> table = new ArrayList<>();
        table.add(HEADER);
        for (MetricComparison row : report.rows()) {
            table.add(new String[] {displayName(row.metric()), row.baseline(), row.candidate(),
                    Figures.percent(row.change()), row.statistic(),
                    row.verdict().alarming() ? row.verdict().label().toUpperCase(Locale.ROOT)
                            : row.verdict().label()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : table) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : table) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean numeric = i >= 1 && i <= 3;
                String padded = numeric ? " ".repeat(widths[i] - line[i].length()) + line[i]
                        : line[i] + " ".repeat(widths[i] - line[i].length());
                text.append(i == 0 ? "" : "  ").append(padded);
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        out.append('\n').append("thresholds: ").append(report.thresholds()).append('\n');
        report.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
        return out.toString();
    }

    /** JMH ids lose their package ({@code io.pipebench.benchmarks.}) in tables; load ids are shown whole. */
    public static String displayName(String metricId) {
        int end = metricId.length();
        for (char stop : new char[] {'{', '@'}) {
            int at = metricId.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        if (end == metricId.length() || metricId.substring(0, end).contains("/")) {
            return metricId;
        }
        String benchmark = metricId.substring(0, end);
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return cls < 0 ? metricId : metricId.substring(cls + 1);
    }

    private static String headline(ComparisonReport report) {
        String counts = report.count(Verdict.REGRESSED) + " regressed, " + report.count(Verdict.IMPROVED)
                + " improved, " + report.count(Verdict.UNCHANGED) + " unchanged, " + report.count(Verdict.NEW)
                + " new, " + report.count(Verdict.MISSING) + " missing"
                + (report.count(Verdict.NOT_EVALUATED) > 0 ? ", " + report.count(Verdict.NOT_EVALUATED)
                + " not evaluated" : "");
        return (report.passed() ? "PASS" : "FAIL (" + String.join("; ", report.failures()) + ")") + " - " + counts
                + (report.environmentMismatch() ? " - ENVIRONMENT MISMATCH" : "");
    }

    private static String envLabel(EnvironmentInfo env) {
        if (env == null) {
            return " (environment unknown)";
        }
        List<String> parts = new ArrayList<>();
        if (env.gitCommit() != null) {
            parts.add("commit " + env.commitLabel(10));
        }
        if (env.capturedAt() != null) {
            parts.add(env.capturedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        if (env.cpuCount() != null) {
            parts.add(env.cpuCount() + " cpu");
        }
        if (env.jvmVersion() != null) {
            parts.add("JVM " + env.jvmVersion());
        }
        if (env.kafkaVersion() != null) {
            parts.add("Kafka " + env.kafkaVersion());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
