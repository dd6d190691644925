package io.pipebench.load.measure;

import java.util.OptionalLong;

/**
 * What the harness can see of the consumers' health, as running totals: failed processing attempts (the
 * message-processing-failures alarm), records sent to the dead-letter topic (dead-letter-queue-growth) and records
 * skipped because their dead letter could never be sent (dead-letters-dropped). Empty means "cannot be observed from
 * here", never 0.
 */
public interface PipelineObserver extends AutoCloseable {

    OptionalLong processingFailures();

    OptionalLong deadLetters();

    OptionalLong droppedDeadLetters();

    /** Why a figure is empty, for the verdict table; empty string when all are observed. */
    String limits();

    @Override
    default void close() {
    }
}
