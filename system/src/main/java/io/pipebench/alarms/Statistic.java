package io.pipebench.alarms;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one period's observations become one datapoint: CloudWatch's standard statistics ({@code SampleCount},
 * {@code Average}, {@code Sum}, {@code Minimum}, {@code Maximum}) or a percentile {@code pNN} / {@code pNN.NN}
 * (CloudWatch's {@code ExtendedStatistic}, p0.0 to p100).
 *
 * <p>Percentiles are exact over the period's raw observations, by the nearest-rank rule: the smallest observation
 * such that at least NN% of the observations are less than or equal to it (the same definition as HdrHistogram's
 * {@code getValueAtPercentile}, without its bucket rounding). A period of a load test holds at most a few hundred
 * thousand observations, so sorting them is cheap and avoids a second source of error.
 */
public final class Statistic {

    /** The standard statistics, under their CloudWatch names. */
    public static final List<String> STANDARD = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d{1,10})?)");

    private final String name;
    private final double percentile; // NaN for a standard statistic

    private Statistic(String name, double percentile) {
        this.name = name;
        this.percentile = percentile;
    }

    /** Parses a CloudWatch statistic name; empty when it is not one. */
    public static Optional<Statistic> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (STANDARD.contains(name)) {
            return Optional.of(new Statistic(name, Double.NaN));
        }
        Matcher m = PERCENTILE.matcher(name);
        if (m.matches()) {
            double p = Double.parseDouble(m.group(1));
            if (p >= 0 && p <= 100) {
                return Optional.of(new Statistic(name, p));
            }
        }
        return Optional.empty();
    }

    public static Statistic of(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a CloudWatch "
                + "statistic; use one of " + STANDARD + " or a percentile such as p95 or p99.9"));
    }

    /** The CloudWatch name, e.g. {@code Maximum} or {@code p95}. */
    public String name() {
        return name;
    }

    /** True for {@code pNN}, which CloudWatch takes as {@code ExtendedStatistic} rather than {@code Statistic}. */
    public boolean isPercentile() {
        return !Double.isNaN(percentile);
    }

    /** The statistic of one period's observations; {@code values} must not be empty and may be reordered. */
    public double apply(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a period without observations has no datapoint");
        }
        if (isPercentile()) {
            Arrays.sort(values);
            // Nearest rank: the ceil(p/100 * n)-th smallest value, 1-based; p0 is the minimum.
            int rank = (int) Math.ceil(percentile / 100.0 * values.length);
            return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
        }
        return switch (name) {
            case "SampleCount" -> values.length;
            case "Sum" -> sum(values);
            case "Average" -> sum(values) / values.length;
            case "Minimum" -> Arrays.stream(values).min().getAsDouble();
            case "Maximum" -> Arrays.stream(values).max().getAsDouble();
            default -> throw new IllegalStateException("unknown statistic " + name);
        };
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Statistic s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
