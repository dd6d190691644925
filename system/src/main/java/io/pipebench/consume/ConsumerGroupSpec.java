package io.pipebench.consume;

import java.util.List;
import java.util.Map;

/**
 * A consumer group: its id, the topics it reads, what it does with events, whether it takes whole poll batches,
 * how many members run in this process, its retry policy, and client properties on top of the document's.
 */
public record ConsumerGroupSpec(String groupId, List<String> topics, EventHandler handler, boolean batches,
                                int concurrency, RetryPolicy retry, Map<String, Object> overrides) {

    public ConsumerGroupSpec {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId is blank");
        }
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("group " + groupId + " reads no topic");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("group " + groupId + ": concurrency must be >= 1, was " + concurrency);
        }
        topics = List.copyOf(topics);
        overrides = Map.copyOf(overrides);
    }

    public static ConsumerGroupSpec of(String groupId, List<String> topics, EventHandler handler, boolean batches) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, ConsumerSettings.DOCUMENT_CONCURRENCY,
                RetryPolicy.documentDefault(), Map.of());
    }

    public ConsumerGroupSpec withHandler(EventHandler h) {
        return new ConsumerGroupSpec(groupId, topics, h, batches, concurrency, retry, overrides);
    }

    public ConsumerGroupSpec withConcurrency(int n) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, n, retry, overrides);
    }

    public ConsumerGroupSpec withRetry(RetryPolicy policy) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, concurrency, policy, overrides);
    }

    public ConsumerGroupSpec withOverrides(Map<String, Object> more) {
        Map<String, Object> merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new ConsumerGroupSpec(groupId, topics, handler, batches, concurrency, retry, merged);
    }
}
