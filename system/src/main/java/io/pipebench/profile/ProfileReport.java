package io.pipebench.profile;

import java.util.Locale;

/** A profile as text: CPU µs per event by part, requests by API, batching and latency per group. */
public final class ProfileReport {

    private ProfileReport() {
    }

    public static String render(PipelineProfile p) {
        StringBuilder sb = new StringBuilder();
        var s = p.settings();
        sb.append(f("Profile: %.0f events/s asked, %.0f/s acknowledged over %.1f s (%d events); producer %s, "
                        + "consumer %s%n", s.rate(), p.eventsPerSecond(), p.seconds(), p.eventsAcked(),
                s.producerProfile(), s.consumerProfile()));
        sb.append("Cluster: ").append(p.cluster()).append('\n');
        if (p.environment() != null) {
            var e = p.environment();
            sb.append(f("Machine: %s cpu %s, JVM %s, commit %s%n", e.cpuCount(), e.cpuModel(), e.jvmVersion(),
                    e.gitCommit() == null ? "unknown" : e.commitLabel(10)));
        }
        sb.append(f("%n%-48s %-26s %10s %10s %7s%n", "part", "read from", "CPU ms", "µs/event", "%"));
        for (var r : p.cpu()) {
            sb.append(f("%-48s %-26s %10.0f %10.1f %7.1f%n", r.part(), r.source(), r.cpuMillis(), r.microsPerEvent(),
                    r.percentOfPipeline()));
        }
        sb.append(f("%-48s %-26s %10.0f %10.1f %7.1f%n", "PIPELINE TOTAL (JVM process + postgres)", "",
                p.pipelineMicrosPerEvent() * p.eventsAcked() / 1e3, p.pipelineMicrosPerEvent(), 100.0));
        sb.append(f("%-48s %-26s %10s %10.1f%n", "  without the JIT compilers (warm-up)", "", "",
                p.steadyMicrosPerEvent()));
        sb.append(f("Cores used by the pipeline: %.2f; by other processes on the machine meanwhile: %.2f%n",
                p.coresUsed(), p.otherProcessesCores()));
        if (!p.unattributedThreads().isEmpty()) {
            sb.append("Unattributed threads: ").append(String.join(", ", p.unattributedThreads())).append('\n');
        }
        sb.append(f("%n%-48s %10s %12s %10s %10s%n", "waiting for a CPU (runnable, not running)", "on CPU ms",
                "waiting ms", "µs/event", "wait/CPU"));
        for (var r : p.runQueue()) {
            sb.append(f("%-48s %10.0f %12.0f %10.1f %10.2f%n", r.part(), r.onCpuMillis(), r.waitMillis(),
                    r.waitMicrosPerEvent(), r.waitPerCpu()));
        }
        if (!Double.isNaN(p.cpuPressureShare())) {
            sb.append(f("Some task on the machine waited for a CPU in %.0f%% of the window (/proc/pressure/cpu)%n",
                    100 * p.cpuPressureShare()));
        }
        if (!p.runQueueNote().isEmpty()) {
            sb.append("Run queue: ").append(p.runQueueNote()).append('\n');
        }
        sb.append(f("%n%-24s %10s %10s %10s %14s%n", "broker requests (API)", "count", "per s", "per event",
                "bytes/request"));
        if (!p.requestsNote().isEmpty()) {
            sb.append("Broker requests ").append(p.requestsNote()).append('\n');
        }
        for (var r : p.requests()) {
            sb.append(f("%-24s %10d %10.1f %10.3f %14.0f%n", r.api(), r.requests(), r.perSecond(), r.perEvent(),
                    r.bytesPerRequest()));
        }
        var pr = p.producer();
        sb.append(f("%nProducer: %d records in %d requests (%.1f records/request); windowed: batch %.0f B, "
                        + "%.1f records/request, record %.0f B, compression %.2f, request latency %.1f ms%n",
                pr.records(), pr.requests(), pr.recordsPerRequest(), pr.batchSizeAvgBytes(),
                pr.recordsPerRequestAvg(), pr.recordSizeAvgBytes(), pr.compressionRateAvg(),
                pr.requestLatencyAvgMs()));
        sb.append(f("%n%-26s %9s %8s %9s %7s %9s %8s %7s %7s %7s %9s%n", "group", "records", "fetches", "rec/fetch",
                "polls", "rec/poll", "commit/s", "e2e p50", "p95 ms", "p99", "lag a->b"));
        for (var g : p.groups()) {
            sb.append(f("%-26s %9d %8d %9.1f %7d %9.1f %8.1f %7.1f %7.1f %7.1f %9s%n", g.groupId(), g.records(),
                    g.fetches(), g.recordsPerFetch(), g.polls(), g.recordsPerPoll(), g.commitsPerSecond(),
                    g.e2eP50Ms(), g.e2eP95Ms(), g.e2eP99Ms(), g.lagAtStart() + "->" + g.lagAtEnd()));
        }
        sb.append(f("%nKept up: %s (%s)%n", p.keptUp() ? "yes" : "NO", p.keptUpReason()));
        return sb.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
