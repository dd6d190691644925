package io.pipebench.consume;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named consumer settings, like the producer's ({@code publish.ProducerProfiles}). {@code seed} is the design
 * document's KafkaConsumerConfiguration value for value; {@code tuned} keeps its semantics (manual commits after
 * processing, earliest reset) and changes only what costs CPU per event. A run picks one with
 * {@code --consumer-profile} or {@code -DconsumerProfile=}.
 */
public final class ConsumerSettings {

    /** The document's listener concurrency. */
    public static final int DOCUMENT_CONCURRENCY = 3;

    public static final List<String> NAMES = List.of("seed", "tuned");

    /** The system property a run (the load harness included) names its consumer profile with; blank means seed. */
    public static final String PROPERTY = "consumerProfile";

    private ConsumerSettings() {
    }

    /** The design document's consumer settings, value for value: the {@code seed} profile. */
    public static Map<String, Object> document() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300000);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 10000);
        return p;
    }

    /**
     * A named profile: the consumer properties, and how many members each group runs in this process (the
     * document's listener concurrency is part of its consumer configuration), with a different count for named
     * groups ({@link GroupNames}) in {@code groupMembers}.
     */
    public record Profile(String name, Map<String, Object> properties, int membersPerGroup,
                          java.time.Duration commitInterval, Map<String, Integer> groupMembers) {
        public Profile {
            if (commitInterval == null || commitInterval.isNegative()) {
                throw new IllegalArgumentException("consumer profile " + name + ": the commit interval must be >= 0 "
                        + "(0: after every poll), was " + commitInterval);
            }
            if (membersPerGroup < 1) {
                throw new IllegalArgumentException("consumer profile " + name + ": members per group must be >= 1, was "
                        + membersPerGroup);
            }
            java.util.Objects.requireNonNull(groupMembers, "groupMembers (Map.of() for none)");
            groupMembers.forEach((group, n) -> {
                if (!GroupNames.ALL.contains(group)) {
                    throw new IllegalArgumentException("consumer profile " + name + ": members of unknown group '"
                            + group + "'; known groups are " + GroupNames.ALL);
                }
                if (n == null || n < 1) {
                    throw new IllegalArgumentException("consumer profile " + name + ": members of group " + group
                            + " must be >= 1, was " + n);
                }
            });
            properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
            groupMembers = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(groupMembers));
        }

        /** Every group with the same number of members. */
        public Profile(String name, Map<String, Object> properties, int membersPerGroup,
                       java.time.Duration commitInterval) {
            this(name, properties, membersPerGroup, commitInterval, Map.of());
        }

        /** The same profile with more properties on top (e.g. an interceptor of the profiler). */
        public Profile with(Map<String, Object> more) {
            Map<String, Object> p = new LinkedHashMap<>(properties);
            p.putAll(more);
            return new Profile(name, p, membersPerGroup, commitInterval, groupMembers);
        }

        /** Members of the group named {@code group} ({@link GroupNames}) in this process. */
        public int membersOf(String group) {
            return groupMembers.getOrDefault(group, membersPerGroup);
        }

        /** Members of each of the four groups, for reports. */
        public Map<String, Integer> membersByGroup() {
            Map<String, Integer> m = new LinkedHashMap<>();
            GroupNames.ALL.forEach(g -> m.put(g, membersOf(g)));
            return m;
        }
    }

    public static Profile seed() {
        return new Profile("seed", document(), DOCUMENT_CONCURRENCY, java.time.Duration.ZERO);
    }

    /**
     * The seed's semantics, cheaper per event; reasons from the pipeline profile (results/capacity/README.md),
     * one line per changed setting in {@link #tunedReasons()}.
     */
    public static Profile tuned() {
        Map<String, Object> p = document();
        p.putAll(TUNED);
        return new Profile("tuned", p, TUNED_MEMBERS, TUNED_COMMIT_INTERVAL, TUNED_GROUP_MEMBERS);
    }

    /**
     * The tuned profile's commits: at most every 25 ms per member. The lag alarm (1000 events) reads committed
     * offsets, so what the interval holds back is lag the alarm counts: 100 ms was 500 events at 5,000/s, half the
     * alarm's budget spent before any burst (results/capacity/README.md); 25 ms is 125, for 40 commits a second per
     * group at most.
     */
    static final java.time.Duration TUNED_COMMIT_INTERVAL = java.time.Duration.ofMillis(25);

    /** Members per group of the tuned profile. */
    static final int TUNED_MEMBERS = 1;

    /**
     * No group differs from {@link #TUNED_MEMBERS}. Two audit members were measured and not kept: at 3,000/s the audit
     * thread and PostgreSQL cost ~25% more CPU per event (138-143 µs against 103-123), and both runs still passed the
     * lag alarm (one or two seconds each) where one member held 3,000/s three times in a row
     * (results/capacity/README.md).
     */
    static final Map<String, Integer> TUNED_GROUP_MEMBERS = Map.of();

    private static final Map<String, Object> TUNED = tunedChanges();

    private static Map<String, Object> tunedChanges() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65536);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 40);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        return p;
    }

    /** What {@link #tuned()} changes from the seed and why, one line per setting (tested to cover every change). */
    public static Map<String, String> tunedReasons() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "a fetch waits for 64 KiB or the bounded wait below instead of "
                + "returning with 2 events (1 KiB): far fewer Fetch requests per event on both sides");
        r.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "bounds what the larger fetch.min.bytes adds to end-to-end "
                + "latency at low rates: 40 ms, against the seed's 500 ms, inside the 100 ms P95 budget");
        r.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "a poll (and the audit group's transaction, and its commit) "
                + "carries up to 500 events instead of 100");
        r.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "cooperative rebalancing: a member joining or "
                + "leaving moves only the partitions that change owner; the others keep being processed");
        r.put("members per group", "1 instead of the document's 3: on two cores three members add no parallelism, "
                + "only three times the fetch sessions, heartbeats and commits; order per aggregate holds either way "
                + "(two audit members, measured, cost more CPU and did not remove the audit group's lag peaks)");
        r.put("commits", "at most every 25 ms per member instead of after every poll (the profile counted one "
                + "OffsetCommit per poll, a fifth of all broker requests, at 100 ms; at low rates, a poll every 40 ms, "
                + "this is still one per poll); still only past processed records, and on revoke and shutdown, so "
                + "at-least-once holds; 25 ms is 125 events of committed lag at 5,000/s (100 ms, before, was 500: "
                + "half the 1000-event alarm)");
        return r;
    }

    /** A profile by name; unknown names are refused with the known ones. */
    public static Profile named(String name) {
        return named(name, "consumer profile");
    }

    /** As {@link #named(String)}, the refusal naming where the name came from (e.g. {@code --consumer-profile}). */
    public static Profile named(String name, String source) {
        return switch (name == null ? "" : name.trim()) {
            case "seed" -> seed();
            case "tuned" -> tuned();
            default -> throw new IllegalArgumentException("Unknown " + source + " '" + name + "': use one of " + NAMES);
        };
    }

    /** The profile named by {@code -DconsumerProfile=}, or seed when it is not set or blank. */
    public static String defaultName() {
        String v = System.getProperty(PROPERTY, "").trim();
        if (v.isEmpty()) {
            return "seed";
        }
        if (!NAMES.contains(v)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + " is not a consumer profile: use one of "
                    + NAMES);
        }
        return v;
    }
}
