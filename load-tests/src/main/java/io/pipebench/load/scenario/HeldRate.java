package io.pipebench.load.scenario;

import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When to stop ramping: the peak scenario stops injecting once the system has not kept up for {@value #GIVE_UP_SECONDS}
 * seconds in a row. A second does not keep up when, over the {@value #WINDOW} seconds ending with it, the broker
 * acknowledged under 95% of the intended events, or over the {@value #LAG_WINDOW} seconds ending with it a consumer
 * group's lag grew by more than 10% of what was published in them. This only ends a lost run early; whether a rate was
 * held is judged afterwards by {@link io.pipebench.load.verdict.Hold} (a whole alarm period, lag not growing, every
 * alarm OK).
 */
public final class HeldRate {

    static final int WINDOW = 5;
    static final int LAG_WINDOW = 10;
    static final int GIVE_UP_SECONDS = 10;
    static final double MIN_ACKED_RATIO = 0.95;
    static final double MAX_LAG_GROWTH = 0.10;

    /** Stops injecting once the system has not kept up for {@value #GIVE_UP_SECONDS} seconds in a row. */
    public StopRule stopRule() {
        return rows -> {
            List<TimelineRow> run = injecting(rows);
            int n = run.size();
            if (n < GIVE_UP_SECONDS + WINDOW) {
                return Optional.empty();
            }
            for (int i = n - GIVE_UP_SECONDS; i < n; i++) {
                if (broken(run, i).isEmpty()) {
                    return Optional.empty();
                }
            }
            return broken(run, n - 1).map(r -> "not keeping up for " + GIVE_UP_SECONDS + " s: " + r);
        };
    }

    private static List<TimelineRow> injecting(List<TimelineRow> rows) {
        return rows.stream().filter(r -> !"drain".equals(r.phase())).toList();
    }

    private static Optional<String> broken(List<TimelineRow> run, int i) {
        if (i + 1 < WINDOW) {
            return Optional.empty();
        }
        TimelineRow row = run.get(i);
        double intended = 0;
        long acked = 0;
        for (int j = i - WINDOW + 1; j <= i; j++) {
            intended += run.get(j).intendedRate();
            acked += run.get(j).acked();
        }
        if (acked < MIN_ACKED_RATIO * intended) {
            return Optional.of(String.format(Locale.ROOT, "at t=%ds (%.0f/s intended) only %.0f/s acknowledged over "
                    + "%d s", row.offset(), row.intendedRate(), acked / (double) WINDOW, WINDOW));
        }
        TimelineRow lagFrom = run.get(Math.max(0, i - LAG_WINDOW + 1));
        if (row.lagMax() != null && lagFrom.lagMax() != null) {
            double published = 0;
            for (int j = Math.max(0, i - LAG_WINDOW + 1); j <= i; j++) {
                published += run.get(j).intendedRate();
            }
            long growth = row.lagMax() - lagFrom.lagMax();
            if (growth > Math.max(100, MAX_LAG_GROWTH * published)) {
                return Optional.of(String.format(Locale.ROOT, "at t=%ds (%.0f/s intended) consumer lag grew by %d "
                        + "in %d s (to %d): the consumers fall behind", row.offset(), row.intendedRate(), growth,
                        i - Math.max(0, i - LAG_WINDOW + 1), row.lagMax()));
            }
        }
        return Optional.empty();
    }
}
