package io.pipebench.consume;

import io.pipebench.consume.RetryPolicy.Outcome;
import io.pipebench.events.EventDecodingException;
import io.pipebench.store.DuplicateEventException;
import io.pipebench.store.EventStoreException;
import io.pipebench.store.EventStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The classification table: outages retried without limit, record errors dead-lettered, misconfiguration fatal. */
class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.documentDefault();

    @ParameterizedTest(name = "SQLState {0} -> {1}")
    @CsvSource({
            // connection lost or refused
            "08000, RETRY_OUTAGE", "08001, RETRY_OUTAGE", "08003, RETRY_OUTAGE", "08006, RETRY_OUTAGE",
            // operator intervention: shutdown, crash, cannot connect now, statement cancelled or timed out
            "57P01, RETRY_OUTAGE", "57P02, RETRY_OUTAGE", "57P03, RETRY_OUTAGE", "57014, RETRY_OUTAGE",
            // resources: too many connections, disk full, out of memory
            "53300, RETRY_OUTAGE", "53100, RETRY_OUTAGE", "53200, RETRY_OUTAGE",
            // a read-only writer after a failover, an object not ready, a lock not available
            "25006, RETRY_OUTAGE", "55000, RETRY_OUTAGE", "55P03, RETRY_OUTAGE",
            // serialization failure, deadlock
            "40001, RETRY_OUTAGE", "40P01, RETRY_OUTAGE",
            // unknown SQLStates are retried, never dead-lettered
            "XX000, RETRY_OUTAGE", "99999, RETRY_OUTAGE", "7, RETRY_OUTAGE",
            // the record's data: constraint violations, bad data
            "23505, DEAD_LETTER", "23503, DEAD_LETTER", "23514, DEAD_LETTER", "22001, DEAD_LETTER",
            "22P02, DEAD_LETTER", "22003, DEAD_LETTER",
            // the consumer's configuration: credentials, database, schema, privileges, config file
            "28P01, STOP", "28000, STOP", "3D000, STOP", "42P01, STOP", "42501, STOP", "F0000, STOP",
    })
    void sqlStates(String state, Outcome expected) {
        assertThat(policy.classify(new SQLException("failure", state))).isEqualTo(expected);
        // the same when the store wraps it, as SqlFailures does
        assertThat(policy.classify(new EventStoreException("appendAll failed", new SQLException("failure", state))))
                .isEqualTo(expected);
    }

    @Test
    void aSqlExceptionWithoutSqlStateIsAnOutage() {
        assertThat(policy.classify(new SQLException("no state"))).isEqualTo(Outcome.RETRY_OUTAGE);
        // HikariCP's "Connection is not available, request timed out after 5000ms"
        assertThat(policy.classify(new SQLTransientConnectionException("pool timed out")))
                .isEqualTo(Outcome.RETRY_OUTAGE);
    }

    @Test
    void infrastructureExceptionsAreOutages() {
        assertThat(policy.classify(new EventStoreUnavailableException("lost the event store", null)))
                .isEqualTo(Outcome.RETRY_OUTAGE);
        assertThat(policy.classify(new RuntimeException(new ConnectException("Connection refused"))))
                .isEqualTo(Outcome.RETRY_OUTAGE);
        assertThat(policy.classify(new java.util.concurrent.TimeoutException("no answer")))
                .isEqualTo(Outcome.RETRY_OUTAGE);
    }

    @Test
    void recordSpecificExceptionsAreDeadLettered() {
        assertThat(policy.classify(new DuplicateEventException("stored elsewhere", List.of(UUID.randomUUID()))))
                .isEqualTo(Outcome.DEAD_LETTER);
        assertThat(policy.classify(new EventDecodingException(EventDecodingException.Reason.MALFORMED_PAYLOAD, "x")))
                .isEqualTo(Outcome.DEAD_LETTER);
        assertThat(policy.classify(new NonRetryableException("total does not match"))).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(policy.classify(new IllegalArgumentException("not JSON"))).isEqualTo(Outcome.DEAD_LETTER);
    }

    @Test
    void anAclDenialStopsTheConsumerInsteadOfBeingRetried() {
        // A handler that itself talks to Kafka and is denied: neither an outage to wait out nor the record's fault.
        assertThat(policy.classify(new RuntimeException(new org.apache.kafka.common.errors.TopicAuthorizationException(
                java.util.Set.of("payment-events"))))).isEqualTo(Outcome.STOP);
        assertThat(policy.classify(new org.apache.kafka.common.errors.GroupAuthorizationException("denied", "g")))
                .isEqualTo(Outcome.STOP);
    }

    @Test
    void unknownNonSqlFailuresAreRetriedNeverDeadLettered() {
        assertThat(policy.classify(new IllegalStateException("downstream briefly unavailable")))
                .isEqualTo(Outcome.RETRY);
        assertThat(policy.isRetryable(new RuntimeException("who knows"))).isTrue();
        assertThat(policy.maxAttempts()).as("a failing batch's whole deliveries before it is split").isEqualTo(4);
    }

    /** Kafka's own outages, from a handler that produces, wrapped or not: retried without limit, never dead-lettered. */
    @Test
    void kafkasRetriableErrorsAreOutages() {
        assertThat(policy.classify(new org.apache.kafka.common.errors.TimeoutException("metadata not available")))
                .isEqualTo(Outcome.RETRY_OUTAGE);
        assertThat(policy.classify(new IllegalStateException("send failed",
                new org.apache.kafka.common.errors.NotEnoughReplicasException("min.insync.replicas"))))
                .isEqualTo(Outcome.RETRY_OUTAGE);
        assertThat(policy.classify(new org.apache.kafka.common.errors.CorruptRecordException("crc mismatch")))
                .isEqualTo(Outcome.DEAD_LETTER); // retriable to Kafka, but the record's own
        assertThat(policy.classify(new org.apache.kafka.common.errors.RecordTooLargeException("too large")))
                .isEqualTo(Outcome.DEAD_LETTER); // the record's own size: no retry makes it fit
        assertThat(policy.classify(new IllegalStateException("send failed",
                new org.apache.kafka.common.InvalidRecordException("null key on a compacted topic"))))
                .isEqualTo(Outcome.DEAD_LETTER);
        // A serializer wraps its schema registry's outage in this: not known to be the record's, so retried.
        assertThat(policy.classify(new org.apache.kafka.common.errors.SerializationException("registry",
                new java.net.ConnectException("refused")))).isEqualTo(Outcome.RETRY_OUTAGE);
    }

    @Test
    void anOutageAndAnUnknownFailureBackOffDoublingUpToTheCap() {
        RetryPolicy p = new RetryPolicy(Duration.ofMillis(100), 2, Duration.ofMillis(700));
        for (Outcome o : List.of(Outcome.RETRY_OUTAGE, Outcome.RETRY)) {
            assertThat(List.of(1, 2, 3, 4, 5, 1_000).stream().map(n -> p.backoffAfter(o, n).toMillis())).as(o.name())
                    .containsExactly(100L, 200L, 400L, 700L, 700L, 700L);
        }
        assertThat(RetryPolicy.documentDefault().backoffAfter(Outcome.RETRY_OUTAGE, 50))
                .isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
    }

    @Test
    void aCapBelowTheBackoffIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    }
}
