package io.pipebench.load.scenario;

import io.pipebench.load.harness.LoadOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The max-rate search as a state machine, pure: {@link #next} says which rate the next step holds (or that the search
 * is done), {@link #record} takes whether that step passed. While steps pass the rate climbs by {@code stepFactor};
 * after the first failure it bisects between the last good and the first bad rate ({@link #ladder}); it stops when
 * converged, at the step limit or when the next step would pass the time limit. Then the best passing rate is held
 * {@value #CONFIRMATIONS} more times, past the time limit if need be (bounded by the step limit plus
 * {@code 2 x CONFIRMATIONS}); when a confirmation fails, the next lower passing rate is confirmed instead.
 */
public final class RateSearch {

    static final int CONFIRMATIONS = 2;

    /** What to do next. */
    public sealed interface Next permits Run, Done {
    }

    /**
     * Hold {@code rate}, ramping from {@code from}.
     *
     * @param confirmation 0 while searching, else which confirmation of the rate this is (1-based)
     */
    public record Run(double rate, double from, int confirmation) implements Next {
    }

    /** The search and its confirmations are over: read the answer from the machine. */
    public record Done() implements Next {
    }

    /** The next rung of the rate ladder, or why the search stops. */
    record Rung(double rate, String stop) {
    }

    private enum Phase { SEARCH, CONFIRM, DONE }

    private final double stepFactor;
    private final double precision;
    private final int maxSteps;
    private final Duration maxTime;
    private final List<Double> rates = new ArrayList<>();
    private final List<Boolean> passed = new ArrayList<>();
    private Phase phase = Phase.SEARCH;
    private double good;
    private double bad = Double.POSITIVE_INFINITY;
    private double rate;
    private String reason;
    private List<Double> candidates = List.of();
    private int candidate;
    private int confirmed;
    private List<Integer> holds = List.of();
    private double heldRate;
    private String why;

    /** Errors name the option to change and how. */
    public RateSearch(double startRate, double stepFactor, double precision, int maxSteps, Duration maxTime) {
        if (stepFactor <= 1) {
            throw LoadOptions.bad("stepFactor", stepFactor, "use a factor > 1, e.g. 1.5");
        }
        if (precision <= 0 || precision >= 1) {
            throw LoadOptions.bad("precision", precision, "use a fraction between 0 and 1, e.g. 0.10");
        }
        if (maxSteps < 1) {
            throw LoadOptions.bad("maxSteps", maxSteps, "use a number of steps >= 1");
        }
        this.stepFactor = stepFactor;
        this.precision = precision;
        this.maxSteps = maxSteps;
        this.maxTime = maxTime;
        this.rate = startRate;
    }

    /**
     * The rate ladder: {@code stepFactor} times higher while no step failed; once one did, half the lowest failure
     * until a step passes; then the middle of the last good and the first bad rate, until they are within
     * {@code precision} of each other.
     *
     * @param good the highest passing rate so far (0 when none passed)
     * @param bad  the lowest failing rate so far (infinity when none failed)
     */
    static Rung ladder(double rate, double good, double bad, double stepFactor, double precision) {
        if (bad == Double.POSITIVE_INFINITY) {
            return new Rung(rate * stepFactor, null);
        }
        if (good == 0) {
            return bad / 2 < 1 ? new Rung(0, "no rate of at least 1 event/s held every check")
                    : new Rung(bad / 2, null);
        }
        if ((bad - good) / good <= precision) {
            return new Rung(0, String.format(Locale.ROOT, "converged: %.0f events/s held every check and %.0f "
                    + "events/s did not, within %.0f%% of each other", good, bad, 100 * precision));
        }
        return new Rung((good + bad) / 2, null);
    }

    /** @param stepFits whether one more step ends before the time limit */
    public Next next(boolean stepFits) {
        if (phase == Phase.SEARCH) {
            if (reason == null && steps() >= maxSteps) {
                reason = String.format(Locale.ROOT, "reached the step limit of %d steps (%s) with the answer "
                        + "between %.0f and %s events/s", maxSteps, LoadOptions.spelling("maxSteps"), good, bound(bad));
            } else if (reason == null && !stepFits) {
                reason = String.format(Locale.ROOT, "the next step would pass the time limit of %d min (%s) "
                        + "with the answer between %.0f and %s events/s", maxTime.toMinutes(),
                        LoadOptions.spelling("maxTime"), good, bound(bad));
            }
            if (reason == null) {
                return new Run(rate, good > 0 ? Math.min(good, rate) : rate / 10, 0);
            }
            startConfirming();
        }
        if (phase == Phase.CONFIRM) {
            double r = candidates.get(candidate);
            // The time limit ends the search, not its confirmations: with 300 s steps a five-step search fills the
            // default 30 min, and an answer never confirmed is no answer (the first re-run on the held rule stopped so).
            if (steps() >= maxSteps + 2 * CONFIRMATIONS) {
                done(0, holds, String.format(Locale.ROOT, "%.0f events/s held once, but the step limit came "
                        + "before its %d confirmations (%s)", r, CONFIRMATIONS, LoadOptions.spelling("maxSteps")));
            } else {
                return new Run(r, r / 2, confirmed + 1);
            }
        }
        return new Done();
    }

    /** Whether the step {@link #next} asked for passed. */
    public void record(boolean stepPassed) {
        if (phase == Phase.DONE) {
            throw new IllegalStateException("the search is done: no step was asked for");
        }
        rates.add(phase == Phase.SEARCH ? rate : candidates.get(candidate));
        passed.add(stepPassed);
        if (phase == Phase.SEARCH) {
            if (stepPassed) {
                good = Math.max(good, rate);
            } else {
                bad = Math.min(bad, rate);
            }
            Rung next = ladder(rate, good, bad, stepFactor, precision);
            rate = next.rate();
            reason = next.stop();
            return;
        }
        List<Integer> h = new ArrayList<>(holds);
        h.add(steps() - 1);
        holds = h;
        if (!stepPassed) {
            candidate++;
            beginCandidate();
        } else if (++confirmed == CONFIRMATIONS) {
            done(candidates.get(candidate), holds, String.format(Locale.ROOT, "%.0f events/s held in %d of %d holds",
                    candidates.get(candidate), holds.size(), holds.size()));
        }
    }

    private void startConfirming() {
        phase = Phase.CONFIRM;
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            if (passed.get(i) && !c.contains(rates.get(i))) {
                c.add(rates.get(i));
            }
        }
        c.sort(Comparator.reverseOrder());
        candidates = List.copyOf(c);
        candidate = 0;
        beginCandidate();
    }

    /** A candidate's holds start with its first passing step; a single good step is not an answer. */
    private void beginCandidate() {
        if (candidate >= candidates.size()) {
            done(0, List.of(), candidates.isEmpty() ? "no step held"
                    : "no passing rate was held again in its confirmations");
            return;
        }
        double r = candidates.get(candidate);
        int first = 0;
        while (!(rates.get(first) == r && passed.get(first))) {
            first++;
        }
        holds = List.of(first);
        confirmed = 0;
    }

    private void done(double rate, List<Integer> holdSteps, String reasonHeld) {
        phase = Phase.DONE;
        heldRate = rate;
        holds = List.copyOf(holdSteps);
        why = reasonHeld;
    }

    private static String bound(double bad) {
        return bad == Double.POSITIVE_INFINITY ? "(none failed yet)" : String.format(Locale.ROOT, "%.0f", bad);
    }

    /** Steps recorded so far, searching and confirming. */
    public int steps() {
        return rates.size();
    }

    /** The highest rate that passed while searching (0 when none did). */
    public double good() {
        return good;
    }

    /** The lowest rate that failed while searching (infinity when none did). */
    public double bad() {
        return bad;
    }

    /** Why the search stopped (before the confirmations). */
    public String reason() {
        return reason;
    }

    /** The rate held in every one of its holds; 0 when none was. */
    public double heldRate() {
        return heldRate;
    }

    /** The steps (0-based, in the order recorded) the held rate rests on. */
    public List<Integer> holds() {
        return holds;
    }

    /** Why the held rate is what it is. */
    public String why() {
        return why;
    }
}
