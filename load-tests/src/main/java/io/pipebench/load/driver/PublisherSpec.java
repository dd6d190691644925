package io.pipebench.load.driver;

import io.pipebench.workload.Workload;

import java.time.Duration;
import java.util.Objects;

/**
 * What a run asks of its publisher.
 *
 * @param runId    the run's id: its messages carry {@link RunTag}s of it, and their content is salted by it
 * @param workload what to send: the event mix, keys and seed, and the producer profile with its overrides
 * @param maxBlock how long {@code sendAsync} may block the calling thread (a full buffer, missing metadata)
 */
public record PublisherSpec(String runId, Workload workload, Duration maxBlock) {

    public PublisherSpec {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        Objects.requireNonNull(workload, "workload");
        if (maxBlock.isNegative()) {
            throw new IllegalArgumentException("maxBlock must be >= 0, was " + maxBlock);
        }
    }
}
