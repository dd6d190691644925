package io.pipebench.load.verdict;

import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.measure.TimelineRow;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * When is a rate held? Only when it is sustained for a whole window of at least {@link Rules#holdSeconds} (by default
 * the period of the alarms a rate can breach, consumer lag and producer latency, so they saw at least one full period
 * of it; see StandardScenario.holdRules) in which
 * <ol>
 *   <li>the broker acknowledged at least {@link Rules#minAchievedRatio} of the intended events,</li>
 *   <li>no consumer group's lag grew: see {@link #growth},</li>
 *   <li>the lag was observed: no group went unmeasured for more than {@value #MAX_LAG_GAP} seconds in a row,</li>
 *   <li>every alarm of the alarm file was OK over the window (a check that could not be evaluated fails, and so
 *       does a window with no alarm at all).</li>
 * </ol>
 * The held rate is the lowest intended rate inside the best such window (for a steady step, the step's rate; for a
 * ramp, what was sustained throughout), and the best window is the one with the highest such rate. Pure logic over
 * the per-second timeline; the alarms come from a function so this class knows nothing of how they are evaluated.
 */
public final class Hold {

    /** Seconds a group's lag may go unmeasured in a row inside a held window. */
    static final int MAX_LAG_GAP = 2;
    static final int MAX_ALARM_EVALUATIONS = 30;
    /** The shortest hold: a window shorter than this is noise, not a held rate. */
    public static final long MIN_HOLD_SECONDS = 10;

    /**
     * @param holdSeconds        the window a rate must last
     * @param alarmPeriodSeconds the lag and latency alarms' period; a shorter hold is printed as such
     * @param minAchievedRatio   acknowledged over intended events in the window (0.95)
     * @param lagNoiseRecords    growth over the window below which a lag trend is noise (a tenth of the lag alarm's
     *                           threshold: a backlog growing slower than that needs ten windows to reach the alarm)
     */
    public record Rules(long holdSeconds, long alarmPeriodSeconds, double minAchievedRatio, double lagNoiseRecords) {

        public Rules {
            if (holdSeconds < MIN_HOLD_SECONDS) {
                throw tooShort(holdSeconds + "s");
            }
        }

        /**
         * A hold refused as too short, as given ({@code 5s}), naming the option in both spellings and the fix: the
         * configuration refuses the option with it, and a hold from an alarm file's shorter period gets it here.
         */
        public static IllegalArgumentException tooShort(String given) {
            return LoadOptions.bad("hold", given, "a rate must be held for at least " + MIN_HOLD_SECONDS + " s: use "
                    + "a longer hold, e.g. " + LoadOptions.spelling("hold", "60s") + " (unset, the hold is the lag "
                    + "and latency alarms' period)");
        }

        public boolean shorterThanAlarmPeriod() {
            return holdSeconds < alarmPeriodSeconds;
        }

        /** How the hold is described in reports. */
        public String describe() {
            return String.format(Locale.ROOT, "held = at least %d s%s with >= %.0f%% acknowledged, no group's lag "
                            + "growing beyond noise (%.0f records over the window, 95%% one-sided), lag observed, "
                            + "every alarm OK (an alarm with a longer period, such as the default dead-letter "
                            + "alarm's 10 min, is judged on the partial period inside the window)",
                    holdSeconds,
                    shorterThanAlarmPeriod() ? " (SHORTER than the " + alarmPeriodSeconds + " s alarm period, as asked)"
                            : "",
                    100 * minAchievedRatio, lagNoiseRecords);
        }
    }

    /** A group's lag trend over a window: least-squares slope and its one-sided 95% lower bound, records/s. */
    public record Trend(String group, double slope, double lowerBound, double growthOverWindow) {
    }

    /** One judged window, with offsets relative to the measured window's start, [from, to). */
    public record Window(long from, long to, double rate, double achievedRatio, List<Trend> trends,
                         List<Check> alarms, Optional<String> failure) {

        public long seconds() {
            return to - from;
        }
    }

    /** The answer: the held rate (0 when nothing held), for how long, the window it rests on, and why. */
    public record Result(double heldRate, long heldSeconds, Optional<Window> window, String reason) {

        public boolean held() {
            return window.isPresent();
        }

        /** The steepest group lag trend of the held window, records/s; NaN when no window held. */
        public double steepestLagSlope() {
            return window.flatMap(w -> w.trends().stream().map(Trend::slope).max(Double::compare)).orElse(Double.NaN);
        }
    }

    private Hold() {
    }

    /**
     * @param rows       the injecting seconds to judge, in order (drain rows are ignored)
     * @param alarmsOver the alarm checks over [from, to) seconds of the measured window
     */
    public static Result analyse(List<TimelineRow> rows, Rules rules,
                                 BiFunction<Long, Long, List<Check>> alarmsOver) {
        List<TimelineRow> run = rows.stream().filter(r -> !"drain".equals(r.phase())).toList();
        int h = (int) rules.holdSeconds();
        if (run.size() < h) {
            return new Result(0, 0, Optional.empty(), String.format(Locale.ROOT, "the run injected for %d s, "
                    + "shorter than the %d s hold: no rate can be called held", run.size(), h));
        }
        // Cheap criteria first, every window; alarms only for the candidates, best rate first.
        List<Window> candidates = new ArrayList<>();
        Window firstFailure = null;
        for (int i = 0; i + h <= run.size(); i++) {
            Window w = cheap(run.subList(i, i + h), rules);
            if (w.failure().isEmpty()) {
                candidates.add(w);
            } else if (firstFailure == null || w.rate() > firstFailure.rate()) {
                firstFailure = w;
            }
        }
        candidates.sort(Comparator.comparingDouble(Window::rate).reversed().thenComparingLong(Window::from));
        Window alarmFailure = null;
        // Overlapping windows see mostly the same alarm data: the best 30 one by one, then every 10th, to bound the
        // cost without missing a lower window that holds.
        for (int i = 0; i < candidates.size(); i += i < MAX_ALARM_EVALUATIONS ? 1 : 10) {
            Window w = candidates.get(i);
            List<Check> alarms = alarmsOver.apply(w.from(), w.to());
            // No alarm at all is not every alarm OK.
            Optional<String> failed = alarms.isEmpty()
                    ? Optional.of("no alarm was evaluated over the window (none is enabled): whether any fired is "
                    + "unknown")
                    : alarms.stream().filter(Check::fails).findFirst().map(c -> "alarm " + c.failureLine());
            Window judged = new Window(w.from(), w.to(), w.rate(), w.achievedRatio(), w.trends(), alarms, failed);
            if (failed.isEmpty()) {
                return new Result(w.rate(), w.seconds(), Optional.of(judged), String.format(Locale.ROOT,
                        "%.0f events/s held for %d s, t=%+d..%+ds", w.rate(), w.seconds(), w.from(), w.to()));
            }
            if (alarmFailure == null) {
                alarmFailure = judged;
            }
        }
        Window why = alarmFailure != null ? alarmFailure : firstFailure;
        return new Result(0, 0, Optional.empty(), why == null ? "no window to judge"
                : String.format(Locale.ROOT, "no %d s window held; at %.0f events/s (t=%+d..%+ds): %s", h, why.rate(),
                why.from(), why.to(), why.failure().orElse("?")));
    }

    private static Window cheap(List<TimelineRow> w, Rules rules) {
        long from = w.get(0).offset();
        long to = w.get(w.size() - 1).offset() + 1;
        double rate = w.stream().mapToDouble(TimelineRow::intendedRate).min().orElse(0);
        double intended = w.stream().mapToDouble(TimelineRow::intendedRate).sum();
        long acked = w.stream().mapToLong(TimelineRow::acked).sum();
        double ratio = intended == 0 ? 0 : acked / intended;
        List<Trend> trends = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        if (intended == 0) {
            failure = Optional.of("nothing was intended");
        } else if (ratio < rules.minAchievedRatio()) {
            failure = Optional.of(String.format(Locale.ROOT, "only %.3f of the intended events acknowledged (< %.2f)",
                    ratio, rules.minAchievedRatio()));
        }
        for (String group : groups(w)) {
            Optional<String> gap = gap(w, group);
            if (gap.isPresent()) {
                failure = failure.or(() -> gap);
                continue;
            }
            Trend t = growth(group, w);
            trends.add(t);
            if (t.lowerBound() > 0 && t.growthOverWindow() > rules.lagNoiseRecords()) {
                failure = failure.or(() -> Optional.of(String.format(Locale.ROOT, "%s lag grew %.1f records/s "
                                + "(95%% lower bound %.1f/s, %.0f records over the window > %.0f): the consumers fall "
                                + "behind", group, t.slope(), t.lowerBound(), t.growthOverWindow(),
                        rules.lagNoiseRecords())));
            }
        }
        if (groups(w).isEmpty()) {
            failure = failure.or(() -> Optional.of("no consumer lag was measured: whether the consumers kept up is "
                    + "unknown"));
        }
        return new Window(from, to, rate, ratio, trends, List.of(), failure);
    }

    private static List<String> groups(List<TimelineRow> w) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        w.forEach(r -> r.lag().keySet().forEach(g -> seen.put(g, true)));
        return List.copyOf(seen.keySet());
    }

    private static Optional<String> gap(List<TimelineRow> w, String group) {
        int run = 0;
        for (TimelineRow r : w) {
            run = r.lag().get(group) == null ? run + 1 : 0;
            if (run > MAX_LAG_GAP) {
                return Optional.of(String.format(Locale.ROOT, "%s lag unmeasured for more than %d s in a row at "
                        + "t=%+ds: whether it kept up is unknown", group, MAX_LAG_GAP, r.offset()));
            }
        }
        return Optional.empty();
    }

    /**
     * The least-squares slope of a group's lag over the window and its one-sided 95% lower bound (normal
     * approximation; the residuals of a lag series are autocorrelated, so the bound is optimistic about growth being
     * real, which is why a trend must also exceed the noise floor in records to fail a window).
     */
    static Trend growth(String group, List<TimelineRow> w) {
        SimpleRegression fit = new SimpleRegression();
        for (TimelineRow r : w) {
            Long v = r.lag().get(group);
            if (v != null) {
                fit.addData(r.offset(), v);
            }
        }
        if (fit.getN() < 3) {
            return new Trend(group, 0, 0, 0);
        }
        // Every point at one offset has no slope: flat, not unknown.
        boolean flat = fit.getXSumSquares() == 0;
        double slope = flat ? 0 : fit.getSlope();
        double se = flat ? 0 : fit.getSlopeStdErr();
        return new Trend(group, slope, slope - 1.645 * se, slope * w.size());
    }
}
