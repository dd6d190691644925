package io.pipebench.load.scenario;

import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The peak scenario's question: up to which rate did the system keep up? A second "holds" when, over the
 * {@value #WINDOW} seconds ending with it, the broker acknowledged at least 95% of the intended events, and over the
 * {@value #LAG_WINDOW} seconds ending with it no consumer group's lag grew by more than 10% of what was published in
 * them (a flat backlog holds; a growing one means the consumers are slower than the producers). The system stopped
 * holding at the first of {@value #CONFIRM_SECONDS} seconds in a row that do not hold (a short burst of lag is not a
 * verdict); the held rate is the highest intended rate before it, warm-up included (a ramp's early seconds count).
 * Injection stops after {@value #GIVE_UP_SECONDS} seconds in a row that do not hold.
 */
public final class HeldRate {

    static final int WINDOW = 5;
    static final int LAG_WINDOW = 10;
    static final int CONFIRM_SECONDS = 5;
    static final int GIVE_UP_SECONDS = 10;
    static final double MIN_ACKED_RATIO = 0.95;
    static final double MAX_LAG_GROWTH = 0.10;

    /** The result: the rate held, until when (seconds from the measured window's start), and why it stopped. */
    public record Result(double heldRate, long heldUntil, String reason) {
    }

    public Result analyse(List<TimelineRow> rows) {
        List<TimelineRow> run = injecting(rows);
        double held = 0;
        long until = run.isEmpty() ? 0 : run.get(0).offset();
        for (int i = 0; i < run.size(); i++) {
            Optional<String> broken = broken(run, i);
            if (broken.isPresent() && confirmed(run, i)) {
                return new Result(held, until, broken.get());
            }
            held = Math.max(held, run.get(i).intendedRate());
            until = run.get(i).offset() + 1;
        }
        return new Result(held, until, "held to the end of the profile");
    }

    /** True when second i and the following seconds up to {@value #CONFIRM_SECONDS} (as far as the run goes) break. */
    private static boolean confirmed(List<TimelineRow> run, int i) {
        for (int j = i; j < Math.min(run.size(), i + CONFIRM_SECONDS); j++) {
            if (broken(run, j).isEmpty()) {
                return false;
            }
        }
        return true;
    }

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
