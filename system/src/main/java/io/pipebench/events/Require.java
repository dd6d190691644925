package io.pipebench.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Field checks shared by the compact constructors of events and value types. Each failure names the field, so a
 * payload that decodes into an invalid event yields a message that says what to fix.
 */
final class Require {

    private Require() {
    }

    static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " is required");
        }
        return value;
    }

    static String nonBlank(String value, String field) {
        nonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    /** Instants are UTC by definition; microseconds because PostgreSQL timestamptz keeps no finer precision. */
    static Instant utcMicros(Instant value, String field) {
        return nonNull(value, field).truncatedTo(ChronoUnit.MICROS);
    }

    /** An immutable copy; a null element is reported with its index. */
    static <T> List<T> elements(List<T> values, String field, boolean nonEmpty) {
        nonNull(values, field);
        if (nonEmpty && values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new NullPointerException(field + "[" + i + "] is required");
            }
        }
        return List.copyOf(values);
    }
}
