package io.pipebench.consume;

import io.pipebench.events.EventDecodingException;
import io.pipebench.store.DuplicateEventException;
import io.pipebench.store.EventStoreUnavailableException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * How a failed delivery is retried. Three kinds of failure:
 * <ul>
 *   <li>an <b>outage</b> (the database or a connection is down, read-only, overloaded, locked; any SQLState that is
 *       not known to be about the record; a lost connection, a timeout, Kafka's retriable errors but a corrupt
 *       record): retried without limit, {@code backoff} doubling up to {@code maxBackoff}.
 *       An outage never sends a record to the dead-letter topic;</li>
 *   <li>an <b>unknown</b> failure (no SQLState, not a known outage, not known to be the record's): retried without
 *       limit too, with the same capped doubling backoff, but only its record's partition waits. Not dead-lettered:
 *       what cannot be told apart from an outage is not poison (issue 14). The price: a handler failing on one record
 *       with such an error (an IllegalStateException, its own exception type) stalls that partition until it is
 *       fixed, in plain view (lag and failure alarms, a warning every tenth attempt); a handler that knows the
 *       record is at fault throws {@link NonRetryableException}. A failing batch
 *       is retried whole {@code maxRetries} times, then its records one by one, so the stall stays with the record
 *       that causes it;</li>
 *   <li>a <b>record-specific</b> failure (a payload that does not decode, a {@link NonRetryableException}, an argument
 *       error, a data or constraint violation, a conflicting duplicate event id, a record a handler's producer had
 *       refused as too large, corrupt or invalid): dead-lettered at once.</li>
 * </ul>
 * The document's {@code FixedBackOff(1000L, 3L)} dead-lettered unknown failures after three retries; letters from
 * then carry the reason {@code retries-exhausted}.
 * Errors that say the consumer itself is misconfigured (wrong credentials, a missing ACL, a missing database or table)
 * stop the member: dead-lettering would only move every record to the dead-letter topic; its supervisor restarts it,
 * unless an ACL denied it (no restart can grant a right).
 */
public record RetryPolicy(Duration backoff, int maxRetries, Duration maxBackoff) {

    /** What to do about a failure. */
    public enum Outcome { RETRY, RETRY_OUTAGE, DEAD_LETTER, STOP }

    /** Longest wait between two attempts during an outage: how late, at most, the backlog starts draining. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    /** SQLState classes that no record can fix: authorization (28), catalog (3D), schema/syntax (42), config (F0). */
    private static final Set<String> FATAL_SQL_CLASSES = Set.of("28", "3D", "42", "F0");
    /** SQLState classes about the record's data: data exception (22), integrity constraint violation (23). */
    private static final Set<String> RECORD_SQL_CLASSES = Set.of("22", "23");

    public RetryPolicy {
        if (backoff == null || backoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must be >= 0, was " + backoff);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (maxBackoff == null || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= backoff (" + backoff + "), was " + maxBackoff);
        }
    }

    /** A policy whose outage backoff is capped at {@link #DEFAULT_MAX_BACKOFF} (or at {@code backoff} if longer). */
    public RetryPolicy(Duration backoff, int maxRetries) {
        this(backoff, maxRetries, backoff.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? backoff : DEFAULT_MAX_BACKOFF);
    }

    /** The document's 1000 ms and 3 retries: failures retried from 1 s doubling up to 10 s; a batch split after 4. */
    public static RetryPolicy documentDefault() {
        return new RetryPolicy(Duration.ofMillis(1000), 3);
    }

    /** Deliveries a failing batch gets whole before its records are tried one by one: the first and the retries. */
    public int maxAttempts() {
        return maxRetries + 1;
    }

    /**
     * The wait before the next attempt: {@code backoff} doubled per consecutive failed attempt, capped at
     * {@code maxBackoff}, for an outage and an unknown failure alike.
     *
     * @param failedAttempts failed deliveries so far, at least 1
     */
    public Duration backoffAfter(Outcome outcome, int failedAttempts) {
        if (outcome != Outcome.RETRY_OUTAGE && outcome != Outcome.RETRY) {
            return backoff;
        }
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration d = backoff.multipliedBy(1L << doublings);
        return d.compareTo(maxBackoff) > 0 || d.isNegative() ? maxBackoff : d;
    }

    public boolean isRetryable(Throwable error) {
        Outcome o = classify(error);
        return o == Outcome.RETRY || o == Outcome.RETRY_OUTAGE;
    }

    /** Whether a failure is an outage, an unknown failure, a record-specific one, or stops the consumer. */
    public Outcome classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventDecodingException || t instanceof NonRetryableException
                    || t instanceof DuplicateEventException
                    || t instanceof IllegalArgumentException || t instanceof NullPointerException
                    || t instanceof ClassCastException) {
                return Outcome.DEAD_LETTER;
            }
            if (t instanceof AuthorizationException) {
                return Outcome.STOP; // a missing ACL: no retry can grant it
            }
            if (t instanceof SQLException sql) {
                return classifySqlState(sql.getSQLState());
            }
            // Kafka's RetriableException covers its outages (TimeoutException, NotEnoughReplicasException,
            // NetworkException, ...) raised by a handler that produces: the cluster's state. One subclass is the
            // record's own: a corrupt record is refused again however often it is sent.
            // Not SerializationException: serializers wrap their registry's outages in it.
            if (t instanceof CorruptRecordException || t instanceof RecordTooLargeException
                    || t instanceof InvalidRecordException) {
                return Outcome.DEAD_LETTER;
            }
            if (t instanceof EventStoreUnavailableException || t instanceof IOException
                    || t instanceof TimeoutException || t instanceof RetriableException) {
                return Outcome.RETRY_OUTAGE;
            }
        }
        // Not known to be the record's: retried without limit, never dead-lettered (see the class comment).
        return Outcome.RETRY;
    }

    /**
     * By SQLState: fatal classes stop, data and constraint classes dead-letter, and everything else is an outage —
     * connection (08), operator intervention (57P01..57P03, 57014), resources (53300 ...), read-only transaction
     * (25006), object not in prerequisite state (55000, 55P03), rollback (40001, 40P01), no SQLState, and any SQLState
     * not listed here: what we cannot tell apart from an outage is retried, never dead-lettered.
     */
    static Outcome classifySqlState(String state) {
        String stateClass = state == null ? "" : state.substring(0, Math.min(2, state.length()));
        if (FATAL_SQL_CLASSES.contains(stateClass)) {
            return Outcome.STOP;
        }
        if (RECORD_SQL_CLASSES.contains(stateClass)) {
            return Outcome.DEAD_LETTER;
        }
        return Outcome.RETRY_OUTAGE;
    }
}
