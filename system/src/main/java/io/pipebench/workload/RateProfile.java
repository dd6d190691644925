package io.pipebench.workload;

import java.time.Duration;
import java.util.List;

/**
 * The intended event rate over a run's measured window (time 0 = end of warm-up), in events per second.
 * Shapes: {@code steady} (one rate), {@code ramp} (linear from one rate to another), {@code step} (rates held from
 * given offsets), {@code spike} (a base rate with one burst to a peak).
 */
public sealed interface RateProfile {

    /** Intended events per second at {@code t} into the measured window. */
    double rateAt(Duration t);

    /** The highest rate the profile asks for. */
    double peakRate();

    /** Expected number of events over {@code [0, duration)}, by integrating the rate. */
    default double expectedEvents(Duration duration) {
        long steps = Math.max(1, duration.toMillis() / 100);
        double dt = duration.toMillis() / 1000.0 / steps;
        double sum = 0;
        for (long i = 0; i < steps; i++) {
            sum += rateAt(Duration.ofMillis((long) ((i + 0.5) * dt * 1000))) * dt;
        }
        return sum;
    }

    /** This profile with every rate multiplied (the max-rate search scales a workload this way). */
    RateProfile scaled(double factor);

    record Steady(double eventsPerSecond) implements RateProfile {
        public double rateAt(Duration t) {
            return eventsPerSecond;
        }

        public double peakRate() {
            return eventsPerSecond;
        }

        public RateProfile scaled(double f) {
            return new Steady(eventsPerSecond * f);
        }
    }

    /** Linear from {@code from} to {@code to} over {@code over}, then held at {@code to}. */
    record Ramp(double from, double to, Duration over) implements RateProfile {
        public double rateAt(Duration t) {
            double x = Math.min(1.0, (double) t.toMillis() / Math.max(1, over.toMillis()));
            return from + (to - from) * x;
        }

        public double peakRate() {
            return Math.max(from, to);
        }

        public RateProfile scaled(double f) {
            return new Ramp(from * f, to * f, over);
        }
    }

    /** Each step's rate holds from its offset until the next step's. */
    record Step(List<Level> levels) implements RateProfile {
        public Step {
            levels = List.copyOf(levels);
        }

        public double rateAt(Duration t) {
            double rate = levels.get(0).eventsPerSecond();
            for (Level l : levels) {
                if (t.compareTo(l.after()) >= 0) {
                    rate = l.eventsPerSecond();
                }
            }
            return rate;
        }

        public double peakRate() {
            return levels.stream().mapToDouble(Level::eventsPerSecond).max().orElse(0);
        }

        public RateProfile scaled(double f) {
            return new Step(levels.stream().map(l -> new Level(l.after(), l.eventsPerSecond() * f)).toList());
        }
    }

    /** {@code base} except during {@code [at, at + length)}, where it is {@code peak}. */
    record Spike(double base, double peak, Duration at, Duration length) implements RateProfile {
        public double rateAt(Duration t) {
            return t.compareTo(at) >= 0 && t.compareTo(at.plus(length)) < 0 ? peak : base;
        }

        public double peakRate() {
            return Math.max(base, peak);
        }

        public RateProfile scaled(double f) {
            return new Spike(base * f, peak * f, at, length);
        }
    }

    record Level(Duration after, double eventsPerSecond) {
    }
}
