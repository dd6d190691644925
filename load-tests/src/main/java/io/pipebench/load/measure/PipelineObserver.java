package io.pipebench.load.measure;

import java.util.OptionalLong;

/**
 * What the harness can see of the consumers' health, as running totals: failed processing attempts (the
 * message-processing-failures alarm) and records sent to the dead-letter topic (dead-letter-queue-growth). Empty means
 * "cannot be observed from here", never 0.
 */
public interface PipelineObserver extends AutoCloseable {

    OptionalLong processingFailures();

    OptionalLong deadLetters();

    /** Why a figure is empty, for the verdict table; empty string when both are observed. */
    String limits();

    @Override
    default void close() {
    }
}
