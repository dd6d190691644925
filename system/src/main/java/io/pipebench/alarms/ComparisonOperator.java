package io.pipebench.alarms;

import java.util.Arrays;
import java.util.Optional;

/**
 * The static-threshold comparison operators of CloudWatch, under their CloudWatch names. The datapoint is the first
 * operand: {@code GreaterThanThreshold} breaches when {@code datapoint > threshold}.
 */
public enum ComparisonOperator {
    GreaterThanOrEqualToThreshold(">="),
    GreaterThanThreshold(">"),
    LessThanThreshold("<"),
    LessThanOrEqualToThreshold("<=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    public boolean breaches(double datapoint, double threshold) {
        return switch (this) {
            case GreaterThanOrEqualToThreshold -> datapoint >= threshold;
            case GreaterThanThreshold -> datapoint > threshold;
            case LessThanThreshold -> datapoint < threshold;
            case LessThanOrEqualToThreshold -> datapoint <= threshold;
        };
    }

    /** True when breaching means "too high", so the worst datapoint is the largest. */
    public boolean upward() {
        return this == GreaterThanOrEqualToThreshold || this == GreaterThanThreshold;
    }

    public String symbol() {
        return symbol;
    }

    /** The phrase CloudWatch uses in a state-change reason, e.g. "greater than". */
    public String phrase() {
        return switch (this) {
            case GreaterThanOrEqualToThreshold -> "greater than or equal to";
            case GreaterThanThreshold -> "greater than";
            case LessThanThreshold -> "less than";
            case LessThanOrEqualToThreshold -> "less than or equal to";
        };
    }

    public static Optional<ComparisonOperator> fromCloudWatchName(String name) {
        return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
    }
}
