package io.pipebench.load.scenario;

import io.pipebench.load.measure.StopRule;
import io.pipebench.load.measure.TimelineRow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The peak scenario's question: up to which rate did the system keep up? A second "holds" when, over the five seconds
 * ending with it, the broker acknowledged at least 95% of the intended events and no consumer group was more than the
 * lag alarm's threshold behind. The held rate is the highest intended rate up to the first second that does not hold;
 * injection stops after {@value #GIVE_UP_SECONDS} seconds in a row that do not hold.
 */
public final class HeldRate {

    static final int WINDOW = 5;
    static final int GIVE_UP_SECONDS = 10;
    static final double MIN_ACKED_RATIO = 0.95;

    private final double lagLimit;

    public HeldRate(double lagLimit) {
        this.lagLimit = lagLimit;
    }

    /** The result: the rate held, until when (seconds into the measured window), and why it stopped holding. */
    public record Result(double heldRate, long heldUntil, String reason) {
    }

    public Result analyse(List<TimelineRow> rows) {
        List<TimelineRow> measured = rows.stream().filter(TimelineRow::measured).toList();
        double held = 0;
        long until = -1;
        for (int i = 0; i < measured.size(); i++) {
            Optional<String> broken = broken(measured, i);
            if (broken.isPresent()) {
                return new Result(held, until, broken.get());
            }
            held = Math.max(held, measured.get(i).intendedRate());
            until = measured.get(i).offset() + 1;
        }
        return new Result(held, until, "held to the end of the profile");
    }

    /** Stops injecting once the system has not kept up for {@value #GIVE_UP_SECONDS} seconds in a row. */
    public StopRule stopRule() {
        return rows -> {
            List<TimelineRow> measured = rows.stream().filter(TimelineRow::measured).toList();
            int n = measured.size();
            if (n < GIVE_UP_SECONDS + WINDOW) {
                return Optional.empty();
            }
            for (int i = n - GIVE_UP_SECONDS; i < n; i++) {
                if (broken(measured, i).isEmpty()) {
                    return Optional.empty();
                }
            }
            return broken(measured, n - 1).map(r -> "not keeping up for " + GIVE_UP_SECONDS + " s: " + r);
        };
    }

    private Optional<String> broken(List<TimelineRow> measured, int i) {
        TimelineRow row = measured.get(i);
        if (row.lagMax() != null && row.lagMax() > lagLimit) {
            return Optional.of(String.format(Locale.ROOT, "at t=%ds (%.0f/s intended) consumer lag reached %d > %.0f",
                    row.offset(), row.intendedRate(), row.lagMax(), lagLimit));
        }
        if (i + 1 < WINDOW) {
            return Optional.empty();
        }
        double intended = 0;
        long acked = 0;
        for (int j = i - WINDOW + 1; j <= i; j++) {
            intended += measured.get(j).intendedRate();
            acked += measured.get(j).acked();
        }
        if (acked < MIN_ACKED_RATIO * intended) {
            return Optional.of(String.format(Locale.ROOT, "at t=%ds (%.0f/s intended) only %.0f/s acknowledged "
                    + "over %d s", row.offset(), row.intendedRate(), acked / (double) WINDOW, WINDOW));
        }
        return Optional.empty();
    }
}
