package io.pipebench.consume;

import java.util.List;
import java.util.Map;

/**
 * A consumer group: its id, the topics it reads, what it does with events, whether it takes whole poll batches,
 * how many members run in this process, its retry policy, its consumer profile ({@link ConsumerSettings}: the
 * document's by default) and client properties on top of it.
 */
public record ConsumerGroupSpec(String groupId, List<String> topics, EventHandler handler, boolean batches,
                                int concurrency, RetryPolicy retry, Map<String, Object> overrides,
                                ConsumerSettings.Profile profile) {

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
        java.util.Objects.requireNonNull(profile, "profile");
    }

    public static ConsumerGroupSpec of(String groupId, List<String> topics, EventHandler handler, boolean batches) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, ConsumerSettings.DOCUMENT_CONCURRENCY,
                RetryPolicy.documentDefault(), Map.of(), ConsumerSettings.seed());
    }

    public ConsumerGroupSpec withHandler(EventHandler h) {
        return new ConsumerGroupSpec(groupId, topics, h, batches, concurrency, retry, overrides, profile);
    }

    public ConsumerGroupSpec withConcurrency(int n) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, n, retry, overrides, profile);
    }

    public ConsumerGroupSpec withRetry(RetryPolicy policy) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, concurrency, policy, overrides, profile);
    }

    public ConsumerGroupSpec withOverrides(Map<String, Object> more) {
        Map<String, Object> merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new ConsumerGroupSpec(groupId, topics, handler, batches, concurrency, retry, merged, profile);
    }

    /**
     * The consumer settings the overrides go on top of, and the profile's members per group; a count the profile
     * gives this group by name ({@link ConsumerSettings.Profile#membersOf}) is applied by whoever knows the name
     * (ReferenceSystem), since group ids carry a prefix.
     */
    public ConsumerGroupSpec withProfile(ConsumerSettings.Profile p) {
        return new ConsumerGroupSpec(groupId, topics, handler, batches, p.membersPerGroup(), retry, overrides, p);
    }
}
