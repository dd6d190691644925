package io.pipebench.consume;

import io.pipebench.events.EventDecodingException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;

/**
 * Fixed backoff between attempts, as the document's {@code FixedBackOff(1000L, 3L)}: after a failed delivery the
 * record is retried {@code maxRetries} more times, {@code backoff} apart, then dead-lettered. Errors that cannot
 * heal (a payload that does not decode, a {@link NonRetryableException}, an argument error, a constraint violation)
 * skip the retries. Errors that say the consumer itself is misconfigured (wrong credentials, a missing database or
 * table) are fatal: dead-lettering would only move every record to the dead-letter topic, so the member stops.
 */
public record RetryPolicy(Duration backoff, int maxRetries) {

    /** What to do about a failure. */
    public enum Outcome { RETRY, DEAD_LETTER, STOP }

    /** SQLState classes that heal: connection (08), transaction rollback (40), resources (53), operator (57). */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57");
    /** SQLState classes that no record can fix: authorization (28), catalog (3D), schema/syntax (42), config (F0). */
    private static final Set<String> FATAL_SQL_CLASSES = Set.of("28", "3D", "42", "F0");

    public RetryPolicy {
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must be >= 0, was " + backoff);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
    }

    /** The document's: 1000 ms apart, 3 retries. */
    public static RetryPolicy documentDefault() {
        return new RetryPolicy(Duration.ofMillis(1000), 3);
    }

    /** Total deliveries a record may get: the first and the retries. */
    public int maxAttempts() {
        return maxRetries + 1;
    }

    public boolean isRetryable(Throwable error) {
        return classify(error) == Outcome.RETRY;
    }

    /** Whether a failure is retried, dead-lettered at once, or stops the consumer. */
    public Outcome classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventDecodingException || t instanceof NonRetryableException
                    || t instanceof IllegalArgumentException || t instanceof NullPointerException
                    || t instanceof ClassCastException) {
                return Outcome.DEAD_LETTER;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String stateClass = state == null ? "" : state.substring(0, Math.min(2, state.length()));
                if (FATAL_SQL_CLASSES.contains(stateClass)) {
                    return Outcome.STOP;
                }
                if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                        || TRANSIENT_SQL_CLASSES.contains(stateClass) || "55P03".equals(state)) {
                    return Outcome.RETRY;
                }
                if (state != null) {
                    return Outcome.DEAD_LETTER; // a data or constraint error: this record will fail every time
                }
            }
        }
        // Unknown failures are treated as transient, as the document's error handler does: retried, then dead-lettered.
        return Outcome.RETRY;
    }
}
