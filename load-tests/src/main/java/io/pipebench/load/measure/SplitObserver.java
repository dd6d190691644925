package io.pipebench.load.measure;

import java.util.OptionalLong;

/**
 * Processing failures from one observer and dead letters from another: for consumers running elsewhere, failures (and
 * dead letters that could never be sent, which only the consumers count) from their Prometheus endpoint
 * ({@code PrometheusObserver}) and dead letters from the dead-letter topic itself ({@code RemoteObserver}), which needs
 * no access to the consumers.
 */
public final class SplitObserver implements PipelineObserver {

    private final PipelineObserver failures;
    private final PipelineObserver deadLetters;
    private volatile boolean deadLettersUnread;

    public SplitObserver(PipelineObserver failures, PipelineObserver deadLetters) {
        this.failures = failures;
        this.deadLetters = deadLetters;
    }

    @Override
    public OptionalLong processingFailures() {
        return failures.processingFailures();
    }

    @Override
    public OptionalLong droppedDeadLetters() {
        return failures.droppedDeadLetters();
    }

    @Override
    public OptionalLong deadLetters() {
        OptionalLong v = deadLetters.deadLetters();
        deadLettersUnread = v.isEmpty();
        return v;
    }

    @Override
    public String limits() {
        String f = failures.limits();
        String d = deadLettersUnread ? "the dead-letter topic's end offsets could not be read (see the log)" : "";
        return f.isEmpty() ? d : d.isEmpty() ? f : f + "; " + d;
    }

    @Override
    public void close() {
        try {
            failures.close();
        } finally {
            deadLetters.close();
        }
    }
}
