package io.pipebench.metrics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClassicGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ClassicGroupState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the lag monitor asks the cluster for, within one sample's deadline: each group's state and members (whichever
 * protocol it speaks), its committed offsets, the partitions of the topics it is configured to read, and the log-end
 * offsets. Remembers each group's protocol and the topics' partition counts between samples; not thread-safe (the
 * monitor samples under its own lock).
 */
final class GroupOffsetsReader {

    // Partition counts of configured topics, and groups not found, are looked up again after this long.
    private static final long REFRESH_MS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(GroupOffsetsReader.class);

    private final Admin admin;
    private final Map<String, List<String>> groups;
    private final Clock clock;
    private final Map<String, List<TopicPartition>> topicPartitions = new HashMap<>();
    private final Map<String, GroupType> groupTypes = new HashMap<>();
    private final Map<String, Long> notFoundSinceMs = new HashMap<>();
    private long topicsLoadedAtMs = Long.MIN_VALUE;

    /** @param groups each group and the topics it is configured to read, in the caller's order */
    GroupOffsetsReader(Admin admin, Map<String, List<String>> groups, Clock clock) {
        this.admin = admin;
        this.groups = groups;
        this.clock = clock;
    }

    /** A group's state and members, whichever protocol it speaks. */
    record Group(GroupState state, Collection<MemberDescription> members) {
    }

    /**
     * Describes every group with one request per protocol. {@code describeConsumerGroups} first asks with the
     * KIP-848 API and, for a classic-protocol group, asks again with DescribeGroups after the Admin client's retry
     * backoff (100 ms by default), on every call. So each group's protocol type is remembered: classic groups go
     * straight to {@code describeClassicGroups}, one round trip. A group that is not found is asked the slow way
     * again only every {@value #REFRESH_MS} ms (a new classic group is seen at once, a new KIP-848 group within that
     * time).
     */
    Map<String, Group> describeGroups(long deadline) {
        long now = clock.millis();
        List<String> classic = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String g : groups.keySet()) {
            Long since = notFoundSinceMs.get(g);
            boolean recheck = since != null && now - since >= REFRESH_MS;
            (groupTypes.get(g) == GroupType.CLASSIC || since != null && !recheck ? classic : other).add(g);
        }
        Map<String, Group> out = new HashMap<>();
        if (!classic.isEmpty()) {
            Map<String, KafkaFuture<ClassicGroupDescription>> futures = admin.describeClassicGroups(classic,
                    new DescribeClassicGroupsOptions().timeoutMs(remainingMs(deadline))).describedGroups();
            for (String g : classic) {
                Optional<ClassicGroupDescription> d = await(futures.get(g), deadline, "describe consumer group " + g)
                        .filter(cd -> cd.state() != ClassicGroupState.DEAD);
                if (d.isPresent()) {
                    out.put(g, new Group(classicState(d.get().state()), d.get().members()));
                    groupTypes.put(g, GroupType.CLASSIC);
                    notFoundSinceMs.remove(g);
                } else if (groupTypes.remove(g) != null) {
                    other.add(g); // was classic, now gone or migrated to the consumer protocol: ask again below
                }
            }
        }
        if (!other.isEmpty()) {
            Map<String, KafkaFuture<ConsumerGroupDescription>> futures = admin.describeConsumerGroups(other,
                    new DescribeConsumerGroupsOptions().timeoutMs(remainingMs(deadline))).describedGroups();
            for (String g : other) {
                Optional<ConsumerGroupDescription> d = await(futures.get(g), deadline, "describe consumer group " + g)
                        .filter(cd -> cd.groupState() != GroupState.DEAD);
                if (d.isPresent()) {
                    out.put(g, new Group(d.get().groupState(), d.get().members()));
                    groupTypes.put(g, d.get().type());
                    notFoundSinceMs.remove(g);
                } else {
                    groupTypes.remove(g);
                    notFoundSinceMs.put(g, now);
                }
            }
        }
        return out;
    }

    private static GroupState classicState(ClassicGroupState s) {
        return switch (s) {
            case PREPARING_REBALANCE -> GroupState.PREPARING_REBALANCE;
            case COMPLETING_REBALANCE -> GroupState.COMPLETING_REBALANCE;
            case STABLE -> GroupState.STABLE;
            case EMPTY -> GroupState.EMPTY;
            case DEAD -> GroupState.DEAD;
            case UNKNOWN -> GroupState.UNKNOWN;
        };
    }

    Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(long deadline) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.keySet().forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        var result = admin.listConsumerGroupOffsets(specs,
                new ListConsumerGroupOffsetsOptions().timeoutMs(remainingMs(deadline)));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> out = new HashMap<>();
        for (String g : groups.keySet()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            await(result.partitionsToOffsetAndMetadata(g), deadline, "list offsets of group " + g)
                    .ifPresent(m -> m.forEach((tp, o) -> {
                        if (o != null) {
                            offsets.put(tp, o);
                        }
                    }));
            out.put(g, offsets);
        }
        return out;
    }

    Map<String, List<TopicPartition>> configuredPartitions(long deadline) {
        Set<String> topics = new HashSet<>();
        groups.values().forEach(topics::addAll);
        if (topics.isEmpty()) {
            return Map.of();
        }
        long now = clock.millis();
        if (now - topicsLoadedAtMs >= REFRESH_MS || !topicPartitions.keySet().containsAll(topics)) {
            Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics,
                    new DescribeTopicsOptions().timeoutMs(remainingMs(deadline))).topicNameValues();
            topicPartitions.clear();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
                Optional<TopicDescription> d = awaitOrUnknown(e.getValue(), deadline, "describe topic " + e.getKey());
                topicPartitions.put(e.getKey(), d.map(td -> td.partitions().stream()
                        .map(p -> new TopicPartition(e.getKey(), p.partition())).toList()).orElse(List.of()));
            }
            topicsLoadedAtMs = now;
        }
        return topicPartitions;
    }

    Map<TopicPartition, Long> logEndOffsets(Collection<TopicPartition> partitions, long deadline) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(remainingMs(deadline)));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            try {
                out.put(tp, result.partitionResult(tp).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS).offset());
            } catch (ExecutionException | TimeoutException e) {
                // One partition without a leader must not hide the others: it is reported UNAVAILABLE.
                log.debug("No log-end offset for {}: {}", tp, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagSamplingException("interrupted while reading log-end offsets", e);
            }
        }
        return out;
    }

    /** The result; empty when the group does not exist; any other failure fails the sample. */
    private static <T> Optional<T> await(KafkaFuture<T> future, long deadline, String what) {
        try {
            return Optional.ofNullable(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw new LagSamplingException("Cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LagSamplingException("Cannot " + what + ": no answer within the request timeout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagSamplingException("interrupted while trying to " + what, e);
        }
    }

    private static <T> Optional<T> awaitOrUnknown(KafkaFuture<T> future, long deadline, String what) {
        try {
            return await(future, deadline, what);
        } catch (LagSamplingException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static int remainingMs(long deadlineNanos) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
