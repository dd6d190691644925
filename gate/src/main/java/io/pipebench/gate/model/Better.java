package io.pipebench.gate.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which way a metric improves: throughput improves when it goes up, latency and allocation when they go down. */
public enum Better {
    HIGHER,
    LOWER;

    /**
     * The relative change in the bad direction: positive when the candidate is worse. A 20% throughput drop and a
     * 20% latency rise both give +0.20.
     */
    public double badChange(double relativeChange) {
        return this == HIGHER ? -relativeChange : relativeChange;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "higher" / "lower" (any case); anything else is refused with the accepted values. */
    @JsonCreator
    public static Better parse(String text) {
        if (text != null) {
            for (Better better : values()) {
                if (better.name().equalsIgnoreCase(text.trim())) {
                    return better;
                }
            }
        }
        throw new IllegalArgumentException("'better' must be \"higher\" or \"lower\", not \"" + text + "\"");
    }
}
