package io.pipebench.load.plan;

/**
 * A stretch of the injection: the rate goes linearly from {@code fromRate} to {@code toRate} events per second
 * over {@code seconds} whole seconds (Gatling's open injection steps count in whole seconds).
 */
public record Segment(double fromRate, double toRate, long seconds, Phase phase) {

    /** Warm-up is injected but not measured; the verdicts read only the measured phase. */
    public enum Phase { WARMUP, MEASURE }

    public Segment {
        if (fromRate < 0 || toRate < 0 || !Double.isFinite(fromRate) || !Double.isFinite(toRate)) {
            throw new IllegalArgumentException("rates must be finite and >= 0, were " + fromRate + " and " + toRate);
        }
        if (seconds < 1 || seconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a segment lasts at least 1 s, was " + seconds);
        }
    }

    public static Segment hold(double rate, long seconds, Phase phase) {
        return new Segment(rate, rate, seconds, phase);
    }

    public boolean ramp() {
        return fromRate != toRate;
    }

    public double rateAt(double secondsIn) {
        return fromRate + (toRate - fromRate) * secondsIn / seconds;
    }
}
