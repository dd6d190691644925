package io.pipebench.load.measure;

import io.pipebench.gate.hdr.Quantiles;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The progress line printed every few seconds of a run: rates and latency percentiles over the seconds since the
 * last line, lag, dead letters and failures as of the last second. Pure text; the monitor prints it.
 */
public final class ProgressLine {

    private final String label;
    private final int everySeconds;
    private final Map<RunRecorder.View, Histogram> window = new EnumMap<>(RunRecorder.View.class);
    private double intended;
    private long sent;
    private long acked;
    private long failed;
    private int seconds;

    public ProgressLine(String label, int everySeconds) {
        this.label = label;
        this.everySeconds = Math.max(1, everySeconds);
        for (RunRecorder.View v : RunRecorder.View.values()) {
            window.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
        }
    }

    /**
     * Adds one second; returns the line when this second completes a period of {@code everySeconds}, and starts the
     * next period.
     *
     * @param live every record's latencies of the second, by view (microseconds)
     */
    public Optional<String> add(TimelineRow row, Map<RunRecorder.View, Histogram> live) {
        live.forEach((v, h) -> window.get(v).add(h));
        intended += row.intendedRate();
        sent += row.sent();
        acked += row.acked();
        failed += row.failed();
        seconds++;
        if ((row.second() + 1) % everySeconds != 0) {
            return Optional.empty();
        }
        String line = line(row);
        window.values().forEach(Histogram::reset);
        intended = 0;
        sent = 0;
        acked = 0;
        failed = 0;
        seconds = 0;
        return Optional.of(line);
    }

    private String line(TimelineRow row) {
        double s = Math.max(1, seconds);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "[%s] t=%+4ds %-7s | intended %6.0f/s sent %6.0f/s acked %6.0f/s", label,
                row.offset(), row.phase(), intended / s, sent / s, acked / s));
        if (failed > 0) {
            sb.append(String.format(Locale.ROOT, " KO %.0f/s", failed / s));
        }
        sb.append(" | publish p95 ").append(fmt(p95(RunRecorder.View.PUBLISH)))
                .append(" (from intended ").append(fmt(p95(RunRecorder.View.INTENDED)))
                .append(") | e2e p95 ").append(fmt(p95(RunRecorder.View.E2E)));
        if (!row.lag().isEmpty()) {
            sb.append(" | lag");
            row.lag().forEach((g, v) -> sb.append(' ').append(GroupLagView.label(g)).append('=')
                    .append(v == null ? "?" : v.toString()));
        }
        sb.append(" | dead letters ").append(row.deadLetters() == null ? "n/a" : row.deadLetters());
        sb.append(" | failures ").append(row.processingFailures() == null ? "n/a" : row.processingFailures());
        return sb.toString();
    }

    private Double p95(RunRecorder.View v) {
        return MonitorStep.figure(Quantiles.of(window.get(v)).p95());
    }

    private static String fmt(Double ms) {
        return ms == null ? "-" : ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms)
                : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
