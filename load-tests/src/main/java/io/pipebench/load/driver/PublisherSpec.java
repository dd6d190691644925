package io.pipebench.load.driver;

import io.pipebench.workload.KeySpace;
import io.pipebench.workload.Workload;

import java.time.Duration;
import java.util.Objects;

/**
 * What a run asks of its publisher.
 *
 * @param runId    the run's id: its messages carry {@link RunTag}s of it, and their content is salted by it
 * @param workload what to send: the event mix, keys and seed, and the producer profile with its overrides
 * @param maxBlock how long {@code sendAsync} may block the calling thread (a full buffer, missing metadata)
 * @param keys     the aggregates to key messages by: the workload's, or one injector's slice of them when several
 *                 share a run (no two injectors publish for the same aggregate, so per-aggregate order holds)
 */
public record PublisherSpec(String runId, Workload workload, Duration maxBlock, KeySpace keys) {

    public PublisherSpec {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        Objects.requireNonNull(workload, "workload");
        if (maxBlock.isNegative()) {
            throw new IllegalArgumentException("maxBlock must be >= 0, was " + maxBlock);
        }
        Objects.requireNonNull(keys, "keys");
    }

    /** A run over all the workload's aggregates. */
    public PublisherSpec(String runId, Workload workload, Duration maxBlock) {
        this(runId, workload, maxBlock, workload.keySpace());
    }
}
