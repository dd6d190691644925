package io.pipebench.profile;

import io.pipebench.gate.hdr.Quantiles;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Turns two samples of the pipeline into a {@link PipelineProfile}: differences over the window, per event. */
final class ProfileMath {

    /** The request APIs the profile always lists, present or not; others appear when the brokers served any. */
    static final List<String> KEY_APIS = List.of("Produce", "FetchConsumer", "FetchFollower", "OffsetCommit",
            "Metadata", "Heartbeat", "ConsumerGroupHeartbeat", "ListOffsets", "OffsetFetch", "DescribeGroups");

    private ProfileMath() {
    }

    static PipelineProfile profile(Instant started, PipelineProfiler.Options o, List<String> groupIds,
                                   PipelineProfiler.Sample a, PipelineProfiler.Sample b, Map<String, Recorder> e2e,
                                   String cluster, io.pipebench.gate.model.EnvironmentInfo environment) {
        double seconds = (b.nanoTime() - a.nanoTime()) / 1e9;
        long events = b.acked() - a.acked();
        if (events <= 0) {
            throw new IllegalStateException("No event was acknowledged in the measured window: nothing to divide by");
        }
        CpuParts parts = CpuParts.pipeline(groupIds);
        Map<Long, ThreadTimes.Thread> window = ThreadTimes.since(a.threads(), b.threads());
        Map<String, Long> byPart = parts.attribute(window);
        List<String> unattributed = window.values().stream()
                .filter(t -> t.cpuNanos() > 0 && parts.partOf(t.name()).equals(CpuParts.UNATTRIBUTED))
                .map(t -> t.name() + " (" + Math.round(t.cpuNanos() / 1e6) + " ms)").sorted().toList();

        List<Row> rows = new ArrayList<>();
        long javaThreads = 0;
        for (Map.Entry<String, Long> e : byPart.entrySet()) {
            rows.add(new Row(e.getKey(), "thread CPU", e.getValue()));
            javaThreads += e.getValue();
        }
        long nativeThreads = 0;
        for (Map.Entry<String, Long> e : b.jvmNative().entrySet()) {
            long d = e.getValue() - a.jvmNative().getOrDefault(e.getKey(), 0L);
            rows.add(new Row(e.getKey(), "/proc/self/task", d));
            nativeThreads += d;
        }
        long process = b.processCpu() - a.processCpu();
        // Threads that ended inside the window and the tick rounding of /proc: never dropped, shown as their own row.
        rows.add(new Row("JVM rest (ended threads, rounding)", "process CPU - threads", process - javaThreads
                - nativeThreads));
        long postgres = 0;
        for (String part : new TreeSet<>(b.postgres().keySet())) {
            long d = b.postgres().get(part) - a.postgres().getOrDefault(part, 0L);
            rows.add(new Row(part, "/proc (postgres processes)", d));
            postgres += d;
        }
        long pipeline = process + postgres;
        List<PipelineProfile.CpuRow> cpu = rows.stream().map(r -> new PipelineProfile.CpuRow(r.part, r.source,
                r.nanos / 1e6, r.nanos / 1e3 / events, 100.0 * r.nanos / pipeline)).toList();
        long other = (b.machineBusy() - a.machineBusy()) - pipeline;

        List<PipelineProfile.RequestRow> requests = new ArrayList<>();
        TreeSet<String> apis = new TreeSet<>();
        b.broker().keySet().stream().filter(k -> k.startsWith("requests.")).map(k -> k.substring(9)).forEach(apis::add);
        List<String> ordered = new ArrayList<>(KEY_APIS);
        apis.stream().filter(x -> !KEY_APIS.contains(x)).forEach(ordered::add);
        for (String api : ordered) {
            if (api.equals("Fetch")) {
                continue; // Kafka's total of FetchConsumer and FetchFollower, both listed
            }
            double n = delta(a.broker(), b.broker(), "requests." + api);
            if (!(n > 0) && !KEY_APIS.subList(0, 5).contains(api)) {
                continue;
            }
            double bytes = delta(a.broker(), b.broker(), "requestBytes." + api);
            requests.add(new PipelineProfile.RequestRow(api, Math.round(n), n / seconds, n / events,
                    n > 0 ? bytes / n : Double.NaN));
        }

        // Fail closed: acknowledged events reached the brokers in Produce requests. None counted means the meters are
        // not these brokers' (another cluster in this JVM closed and removed the shared Yammer meters): no table.
        String requestsNote = "";
        double produced = delta(a.broker(), b.broker(), "requests.Produce");
        if (!(produced > 0)) {
            requestsNote = "not measured: the brokers' Produce meter counted " + produced + " requests while " + events
                    + " events were acknowledged; its meters are not these brokers' (run the profile in a JVM of its "
                    + "own, as 'pipebench profile' does)";
            requests = List.of();
        }
        double[] pa = a.clients().get("producer");
        double[] pb = b.clients().get("producer");
        long records = Math.round(pb[0] - pa[0]);
        long reqs = Math.round(pb[1] - pa[1]);
        String pub = "pipebench-publisher";
        PipelineProfile.Producer producer = new PipelineProfile.Producer(records, reqs,
                reqs > 0 ? (double) records / reqs : Double.NaN,
                KafkaMBeans.clientMean("kafka.producer", "producer-metrics", pub, "batch-size-avg"),
                KafkaMBeans.clientMean("kafka.producer", "producer-metrics", pub, "records-per-request-avg"),
                KafkaMBeans.clientMean("kafka.producer", "producer-metrics", pub, "record-size-avg"),
                KafkaMBeans.clientMean("kafka.producer", "producer-metrics", pub, "compression-rate-avg"),
                KafkaMBeans.clientMean("kafka.producer", "producer-metrics", pub, "request-latency-avg"));

        List<PipelineProfile.Group> groups = new ArrayList<>();
        boolean keptUp = true;
        StringBuilder why = new StringBuilder();
        for (String g : groupIds) {
            double[] ca = a.clients().get(g);
            double[] cb = b.clients().get(g);
            long rec = Math.round(cb[0] - ca[0]);
            long fetches = Math.round(cb[1] - ca[1]);
            long polls = Math.round(cb[2] - ca[2]);
            long polled = Math.round(cb[3] - ca[3]);
            long commits = Math.round(cb[4] - ca[4]);
            Recorder r = e2e.get(g);
            Histogram h = r == null ? new Histogram(3) : r.getIntervalHistogram();
            Long lagA = a.lagOf(g);
            Long lagB = b.lagOf(g);
            // Kept up: the lag measured at both ends, and it grew by less than one second of events.
            if (lagA == null || lagB == null) {
                keptUp = false;
                why.append(g).append(": lag not measured; ");
            } else if (lagB - lagA > o.rate()) {
                keptUp = false;
                why.append(g).append(String.format(": lag grew %d -> %d; ", lagA, lagB));
            }
            if (h.getTotalCount() == 0) {
                keptUp = false;
                why.append(g).append(": nothing handled in the window; ");
            }
            Quantiles q = Quantiles.of(h);
            groups.add(new PipelineProfile.Group(g, rec, fetches, fetches > 0 ? (double) rec / fetches : Double.NaN,
                    polls, polls > 0 ? (double) polled / polls : Double.NaN, commits, commits / seconds,
                    q.p50(), q.p95(), q.p99(), lagA, lagB));
        }
        PipelineProfile.Settings settings = new PipelineProfile.Settings(o.rate(), o.warmup().toMillis() / 1000.0,
                o.measure().toMillis() / 1000.0, o.producerProfile(), o.consumerProfile().name(),
                o.workload().name(), groupIds, o.producerSettings(), o.consumerProfile().properties(),
                o.consumerProfile().membersPerGroup(), o.consumerProfile().membersByGroup());
        // Fail closed: a part missing from either sample is not a part that never waited.
        List<PipelineProfile.WaitRow> runQueue = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (a.sched() == null || b.sched() == null) {
            missing.add("run queue not measured: this kernel keeps no /proc/*/schedstat");
        } else {
            if (!b.sched().containsKey(ProcFs.POSTGRES_BACKENDS)) {
                missing.add("no PostgreSQL backend on this machine at the window's end (a remote store, or none): "
                        + "its run queue is not seen from here");
            }
            for (Map.Entry<String, Map<Long, ProcFs.Sched>> e : b.sched().entrySet()) {
                SchedWindow w = SchedWindow.of(a.sched().getOrDefault(e.getKey(), Map.of()), e.getValue());
                runQueue.add(new PipelineProfile.WaitRow(e.getKey(), w.onCpuNanos() / 1e6, w.waitNanos() / 1e6,
                        w.waitNanos() / 1e3 / events, w.onCpuNanos() > 0 ? (double) w.waitNanos() / w.onCpuNanos()
                        : Double.NaN));
                if (w.ended() > 0) {
                    missing.add(e.getKey() + ": " + w.ended() + " task(s) ended in the window, their time in it is "
                            + "not counted (a lower bound)");
                }
            }
            a.sched().keySet().stream().filter(k -> !b.sched().containsKey(k)).forEach(k -> missing.add(k
                    + ": gone by the window's end, not counted"));
        }
        double pressure = Double.NaN;
        if (a.cpuPressureMicros() == null || b.cpuPressureMicros() == null) {
            missing.add("CPU pressure not measured: this kernel has no /proc/pressure/cpu");
        } else {
            pressure = (b.cpuPressureMicros() - a.cpuPressureMicros()) / 1e6 / seconds;
        }
        long jit = rows.stream().filter(r -> r.part.equals(ProcFs.JIT)).mapToLong(r -> r.nanos).sum();
        return new PipelineProfile(started, settings, seconds, events, events / seconds, cpu,
                pipeline / 1e3 / events, (pipeline - jit) / 1e3 / events, pipeline / 1e9 / seconds, other / 1e9 / seconds, unattributed, requests, requestsNote,
                producer, groups, keptUp, keptUp ? "every group's lag grew by less than one second of events"
                : why.toString().trim(), runQueue, pressure, String.join("; ", missing), cluster,
                environment);
    }

    private static double delta(Map<String, Double> a, Map<String, Double> b, String key) {
        Double end = b.get(key);
        if (end == null || end.isNaN()) {
            return Double.NaN;
        }
        return end - a.getOrDefault(key, 0.0);
    }

    private record Row(String part, String source, long nanos) {
    }

    /**
     * One part's run-queue figures over a window, task by task: a task alive at both ends counts its difference, one
     * that started inside counts from zero, one that ended is counted in {@code ended} (its figures left with it).
     */
    record SchedWindow(long onCpuNanos, long waitNanos, int started, int ended) {
        static SchedWindow of(Map<Long, ProcFs.Sched> start, Map<Long, ProcFs.Sched> end) {
            long cpu = 0;
            long wait = 0;
            int started = 0;
            for (Map.Entry<Long, ProcFs.Sched> e : end.entrySet()) {
                ProcFs.Sched before = start.get(e.getKey());
                ProcFs.Sched now = e.getValue();
                // Counters only grow; a smaller one is a new task under a reused id: counted from zero.
                if (before == null || now.onCpuNanos() < before.onCpuNanos() || now.waitNanos() < before.waitNanos()) {
                    started++;
                    before = new ProcFs.Sched(0, 0);
                }
                cpu += now.onCpuNanos() - before.onCpuNanos();
                wait += now.waitNanos() - before.waitNanos();
            }
            int ended = (int) start.keySet().stream().filter(id -> !end.containsKey(id)).count();
            return new SchedWindow(cpu, wait, started, ended);
        }
    }
}
