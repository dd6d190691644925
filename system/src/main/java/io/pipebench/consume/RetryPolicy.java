package io.pipebench.consume;

import io.pipebench.events.EventDecodingException;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Fixed backoff between attempts, as the document's {@code FixedBackOff(1000L, 3L)}: after a failed delivery the
 * record is retried {@code maxRetries} more times, {@code backoff} apart, then dead-lettered. Errors that cannot
 * heal (a payload that does not decode, a {@link NonRetryableException}, an argument error) skip the retries.
 */
public record RetryPolicy(Duration backoff, int maxRetries) {

    /** SQLState classes that heal: connection (08), transaction rollback (40), resources (53), operator (57), lock (55P03). */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57");

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
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof EventDecodingException || t instanceof NonRetryableException
                    || t instanceof IllegalArgumentException || t instanceof NullPointerException
                    || t instanceof ClassCastException) {
                return false;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return TRANSIENT_SQL_CLASSES.contains(state.substring(0, Math.min(2, state.length())))
                        || "55P03".equals(state);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // Unknown failures are treated as transient, as the document's error handler does: retried, then dead-lettered.
        return true;
    }
}
