package io.pipebench.load.driver.reference;

import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.measure.PipelineObserver;
import io.pipebench.publish.TopicRouter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * For consumers running elsewhere (the system deployed against MSK): dead letters are the growth of the dead-letter
 * topic's log-end offsets, which any client can read. Failed processing attempts that were retried successfully leave
 * no trace in Kafka: they are visible only in the consumers' own metrics (CloudWatch), so this observer reports them
 * as unobservable rather than as 0.
 */
public final class RemoteObserver implements PipelineObserver {

    private static final Logger log = LoggerFactory.getLogger(RemoteObserver.class);

    private final Admin admin;
    private List<TopicPartition> partitions;

    public RemoteObserver(Map<String, Object> connection) {
        this.admin = Admin.create(connection);
    }

    @Override
    public OptionalLong processingFailures() {
        return OptionalLong.empty();
    }

    /** A letter that was never sent leaves no trace in Kafka either: only the consumers' own meter counts it. */
    @Override
    public OptionalLong droppedDeadLetters() {
        return OptionalLong.empty();
    }

    @Override
    public synchronized OptionalLong deadLetters() {
        try {
            if (partitions == null) {
                TopicDescription d = admin.describeTopics(List.of(TopicRouter.DEAD_LETTER_TOPIC)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(TopicRouter.DEAD_LETTER_TOPIC);
                partitions = d.partitions().stream()
                        .map(p -> new TopicPartition(TopicRouter.DEAD_LETTER_TOPIC, p.partition())).toList();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return OptionalLong.of(ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Cannot read the dead-letter topic's end offsets: {}", e.toString());
            return OptionalLong.empty();
        }
    }

    @Override
    public String limits() {
        return "processing failures are counted inside the consumers (kafka.consumer.process.failure) and leave no "
                + "trace in Kafka when a retry succeeds, nor do records skipped because their dead letter could never be "
                + "sent (pipebench.deadletter.dropped): not observable from the harness; read those alarms in CloudWatch "
                + "for this window, or run the consumers here with " + LoadOptions.spelling("startConsumers", true);
    }

    @Override
    public void close() {
        admin.close();
    }
}
