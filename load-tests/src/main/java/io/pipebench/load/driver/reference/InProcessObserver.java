package io.pipebench.load.driver.reference;

import io.pipebench.load.measure.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.TopicRouter;

import java.util.OptionalLong;

/**
 * Reads the reference system's own meters, when its consumer groups run in this JVM: every failed processing
 * attempt ({@code kafka.consumer.process.failure}, all tags), every dead letter
 * ({@code kafka.messages.produced{topic=dead-letter-queue}}) and every record skipped for want of one
 * ({@code pipebench.deadletter.dropped}, all groups), exactly what the alarms are defined on.
 */
public final class InProcessObserver implements PipelineObserver {

    private final MeterRegistry registry;

    public InProcessObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public OptionalLong processingFailures() {
        double sum = registry.find(PipelineMeters.CONSUMER_PROCESS_FAILURE).counters().stream()
                .mapToDouble(Counter::count).sum();
        return OptionalLong.of((long) sum);
    }

    @Override
    public OptionalLong deadLetters() {
        double sum = registry.find(PipelineMeters.MESSAGES_PRODUCED).tag("topic", TopicRouter.DEAD_LETTER_TOPIC)
                .counters().stream().mapToDouble(Counter::count).sum();
        return OptionalLong.of((long) sum);
    }

    @Override
    public OptionalLong droppedDeadLetters() {
        double sum = registry.find(PipelineMeters.DEAD_LETTERS_DROPPED).counters().stream()
                .mapToDouble(Counter::count).sum();
        return OptionalLong.of((long) sum);
    }

    @Override
    public String limits() {
        return "";
    }
}
