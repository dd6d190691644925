package io.pipebench.store;

/** Argument checks whose messages name the field and the fix. */
final class Require {

    private Require() {
    }

    static void notNull(Object value, String field, String fix) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null: " + fix);
        }
    }

    static void notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is blank: it must name something (was '" + value + "')");
        }
    }

    static int limit(int limit) {
        if (limit < 1 || limit > EventStore.MAX_READ_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + EventStore.MAX_READ_LIMIT
                    + " (was " + limit + "): page through larger reads");
        }
        return limit;
    }
}
