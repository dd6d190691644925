package io.pipebench.load.driver;

import io.pipebench.metrics.LagListener;
import io.pipebench.metrics.LagSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a driver observes of the pipeline behind the broker: the consumer groups' lag, each record a group processed
 * and whether the store holds it (only where the consumers run in this JVM), processing failures and dead letters
 * (empty when not observable, never 0), and the CPU its parts used. A driver without consumers returns
 * {@link #NONE}.
 */
public interface PipelineProbe extends AutoCloseable {

    /** No consumers, nothing monitored (a producer-only measurement). */
    PipelineProbe NONE = new PipelineProbe() {
    };

    /** The consumer groups whose lag is monitored. */
    default List<String> groupIds() {
        return List.of();
    }

    /** Whether the consumers run here, so that each processed and stored record can be seen. */
    default boolean consumersHere() {
        return false;
    }

    /** Each consumer group running here and the topics it reads. */
    default Map<String, List<String>> topicsByGroup() {
        return Map.of();
    }

    /**
     * How the consumers here are set up, for the run's record (e.g. their profile and members per group); empty when
     * none run here.
     */
    default Map<String, Object> consumerSetup() {
        return Map.of();
    }

    /** The group that writes the event store, when it runs here. */
    default Optional<String> storeGroup() {
        return Optional.empty();
    }

    /** The event store, asked by event id, when the storing group runs here. */
    default Optional<StoredEvents> storedEvents() {
        return Optional.empty();
    }

    /** The current run's processed records go to this callback (one run at a time); null detaches. */
    default void processed(String runId, ProcessedCallback callback) {
    }

    /**
     * Another injector's records of run {@code runId}, as the groups here process them, go to {@code callback} too,
     * beside the current run's, until the returned handle is closed: a distributed run's consumer host reconciles
     * every injector's records. Only where {@link #consumersHere()}.
     */
    default AutoCloseable alsoProcessed(String runId, ProcessedCallback callback) {
        throw new UnsupportedOperationException("no consumers run here: other injectors' records cannot be seen");
    }

    /** The current run's lag samples go to this listener (one run at a time); null detaches. */
    default void lagListener(LagListener listener) {
    }

    /** The latest lag sample, for draining between runs. */
    default Optional<LagSnapshot> latestLag() {
        return Optional.empty();
    }

    /** A group id as reports and metric names show it, the same for every run (e.g. {@code audit}). */
    default String label(String groupId) {
        return groupId;
    }

    /** CPU used so far by the parts of the pipeline on this machine, in nanoseconds, by part. */
    default Map<String, Long> cpu() {
        return Map.of();
    }

    /** Failed processing attempts so far (the message-processing-failures alarm); empty when not observable. */
    default OptionalLong processingFailures() {
        return OptionalLong.empty();
    }

    /** Records sent to the dead-letter topic so far (dead-letter-queue-growth); empty when not observable. */
    default OptionalLong deadLetters() {
        return OptionalLong.empty();
    }

    /**
     * Records skipped because their dead letter could never be sent (dead-letters-dropped); empty when not observable.
     */
    default OptionalLong droppedDeadLetters() {
        return OptionalLong.empty();
    }

    /**
     * The topic dead letters go to, as the dead-letter alarm's samples name it; a driver that observes no dead
     * letters keeps the default, which no sample carries.
     */
    default String deadLetterTopic() {
        return "none";
    }

    /** Why a figure is empty, for the verdict table; empty string when all are observed. */
    default String limits() {
        return "no consumers run or are monitored: processing failures and dead letters are not observed";
    }

    /** Releases what observing took; the driver calls it when it closes. */
    @Override
    default void close() {
    }
}
