package io.pipebench.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one profile of the whole pipeline measured over its window: CPU by part per event, the brokers' requests by
 * API, the producer's and each group's batching, end-to-end latency per group, and whether every group kept up.
 */
/*
 * steadyMicrosPerEvent: the pipeline without the JIT compilers, whose work is a warm-up cost that a long run leaves
 * behind and that a starved machine drags far into a short one.
 * runQueue, cpuPressureShare: how long the pipeline waited for a CPU; cpuPressureShare is the share of the window in
 * which some task on the machine was runnable and waiting (PSI), NaN when the kernel has none. runQueueNote says
 * why a figure is missing; empty when none is.
 * cluster, environment: the cluster as described (the brokers' thread counts and overrides) and the machine, JVM and
 * commit, saying when the tree held uncommitted changes: two profiles compare only when these agree or the difference
 * is the question.
 */
public record PipelineProfile(Instant started, Settings settings, double seconds, long eventsAcked,
                              double eventsPerSecond, List<CpuRow> cpu, double pipelineMicrosPerEvent,
                              double steadyMicrosPerEvent,
                              double coresUsed, double otherProcessesCores, List<String> unattributedThreads,
                              List<RequestRow> requests, String requestsNote, Producer producer, List<Group> groups, boolean keptUp,
                              String keptUpReason, List<WaitRow> runQueue, double cpuPressureShare,
                              String runQueueNote, String cluster,
                              io.pipebench.gate.model.EnvironmentInfo environment) {

    /** What was profiled. */
    public record Settings(double rate, double warmupSeconds, double measuredSeconds, String producerProfile,
                           String consumerProfile, String workload, List<String> groups,
                           Map<String, Object> producerSettings, Map<String, Object> consumerSettings,
                           int membersPerGroup, Map<String, Integer> membersByGroup) {
    }

    /** One part's CPU in the window; {@code source} says how it was read (thread CPU, /proc, difference). */
    public record CpuRow(String part, String source, double cpuMillis, double microsPerEvent, double percentOfPipeline) {
    }

    /**
     * Time a part spent runnable but waiting for a CPU in the window, beside its time on one (schedstat). A
     * {@code waitPerCpu} near or above 1 means the part waited as long as it ran: its latency is the machine's
     * queue, not its own work.
     */
    public record WaitRow(String part, double onCpuMillis, double waitMillis, double waitMicrosPerEvent,
                          double waitPerCpu) {
    }

    /** One request API at the brokers, cluster totals over the window. */
    public record RequestRow(String api, long requests, double perSecond, double perEvent, double bytesPerRequest) {
    }

    /** The publisher's batching: totals over the window, and Kafka's windowed averages at its end. */
    public record Producer(long records, long requests, double recordsPerRequest, double batchSizeAvgBytes,
                           double recordsPerRequestAvg, double recordSizeAvgBytes, double compressionRateAvg,
                           double requestLatencyAvgMs) {
    }

    /** One consumer group over the window. */
    public record Group(String groupId, long records, long fetches, double recordsPerFetch, long polls,
                        double recordsPerPoll, long commits, double commitsPerSecond, double e2eP50Ms,
                        double e2eP95Ms, double e2eP99Ms, Long lagAtStart, Long lagAtEnd) {
    }
}
