package io.pipebench.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which part of the pipeline a thread of this JVM works for, by its name. The first matching pattern wins; a name
 * that matches none is {@link #UNATTRIBUTED}, its own row, never folded into another part.
 */
public final class CpuParts {

    public static final String UNATTRIBUTED = "unattributed threads";

    /** A part and the thread names that belong to it. */
    public record Part(String name, Pattern threads) {
    }

    private final List<Part> parts;

    private CpuParts(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * The parts of the embedded pipeline: Kafka's broker and controller threads, the clients of the reference system
     * (one part per consumer group), the harness, and the JVM's own threads (read from /proc, see {@link ProcFs}).
     */
    public static CpuParts pipeline(List<String> groupIds) {
        List<Part> p = new ArrayList<>();
        p.add(part("broker: request handlers", "(data-plane-)?kafka-request-handler-.*"));
        p.add(part("broker: network threads", "(data-plane-)?kafka-(network-thread|socket-acceptor).*"));
        p.add(part("broker: replica fetchers", "ReplicaFetcherThread-.*|ReplicaAlterLogDirsThread-.*"));
        p.add(part("broker: log cleaner", "kafka-log-cleaner-thread-.*"));
        p.add(part("broker: group coordinator", "group-coordinator-.*|share-coordinator-.*|transaction-.*"));
        p.add(part("broker: purgatory and scheduler", "ExpirationReaper-.*|kafka-scheduler-.*|"
                + "LogDirFailureHandler|.*-delayed-.*|kafka-log-.*|ReplicaManager.*|.*-lifecycle-manager-.*|"
                + "broker-\\d+-.*|.*to-controller-.*|kafka-\\d+-metadata-loader.*|.*-metadata-loader-.*|"
                + "kafka-metrics-.*|kafka-.*-metrics-.*|.*client-metrics-reaper.*|share-.*|"
                + "kafka-shutdown-hook|kafka-\\d+-(broker|server)-.*|TxnMarkerSenderThread-.*|"
                + "AddPartitionsToTxnSenderThread-.*|.*-snapshot-generator-.*|.*TopicRecordsCache.*|executor-.*|"
                + "PersisterStateManager|SensorExpiryThread|ShareGroupDLQSendThread|metrics-meter-tick-thread-.*"));
        p.add(part("controller and raft", "quorum-controller-.*|kafka-\\d+-raft-.*|.*raft.*|controller-.*|"
                + ".*-event-handler|.*QuorumController.*"));
        p.add(part("event generator", "event-generator"));
        p.add(part("publisher (producer I/O thread)", "kafka-producer-network-thread \\| pipebench-publisher"));
        p.add(part("dead-letter producer", "kafka-producer-network-thread \\| pipebench-dead-letters"));
        for (String g : groupIds) {
            String q = Pattern.quote(g);
            p.add(part("group " + g, "consumer-" + q + "-\\d+|kafka-coordinator-heartbeat-thread \\| " + q));
        }
        // The KIP-848 consumer fetches on a background thread whose name does not say its group.
        p.add(part("consumers: background threads (all groups)", "consumer_background_thread.*"));
        p.add(part("lag monitor", "consumer-lag-monitor|kafka-admin-client-thread \\| .*"));
        p.add(part("event store client (JDBC pool)", "HikariPool-.*|eventstore:.*|PostgreSQL-JDBC-.*|.*pgjdbc.*"));
        p.add(part("harness (main, profiler, JMX)", "main|pipebench-profile.*|RMI .*|JMX .*|Attach Listener|"
                + "micrometer-.*|prometheus-.*|pipebench-.*"));
        p.add(part("JVM: reference handling and other", "Reference Handler|Finalizer|Signal Dispatcher|"
                + "Common-Cleaner|Notification Thread|process reaper|ForkJoinPool.*|Thread-\\d+|"
                + "DestroyJavaVM"));
        return new CpuParts(p);
    }

    public static CpuParts of(List<Part> parts) {
        return new CpuParts(parts);
    }

    static Part part(String name, String regex) {
        return new Part(name, Pattern.compile(regex));
    }

    public List<Part> parts() {
        return parts;
    }

    /** The part a Java thread of this name belongs to, or {@link #UNATTRIBUTED}. */
    public String partOf(String threadName) {
        for (Part p : parts) {
            if (p.threads().matcher(threadName).matches()) {
                return p.name();
            }
        }
        return UNATTRIBUTED;
    }

    /**
     * Sums CPU nanoseconds per part, every part listed (zero when idle), unattributed last when there is any. Keyed
     * by thread, not name: the three brokers in one JVM each have a {@code kafka-scheduler-0}.
     */
    public Map<String, Long> attribute(Map<Long, ThreadTimes.Thread> threads) {
        Map<String, Long> out = new LinkedHashMap<>();
        parts.forEach(p -> out.put(p.name(), 0L));
        threads.values().forEach(t -> out.merge(partOf(t.name()), t.cpuNanos(), Long::sum));
        return out;
    }
}
