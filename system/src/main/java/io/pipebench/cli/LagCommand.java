package io.pipebench.cli;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.metrics.ConsumerLagMonitor;
import io.pipebench.metrics.GroupLag;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagTimelineWriter;
import io.pipebench.metrics.PartitionLag;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Prints consumer lag per group and partition, once, continuously, or measures what sampling it costs. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Consumer lag per group and partition (log-end offset minus committed offset) and in time "
                + "(age of the oldest unconsumed record), read from the brokers.",
                "Without a committed offset a partition shows NO_OFFSET; a rebalancing group shows REBALANCING; "
                        + "neither is shown as lag 0.",
                "Time lag comes from the monitor's own history of log-end offsets, so a single sample only gives a "
                        + "lower bound (shown with >=); --watch builds the history.",
                "Exit code: 0, or 2 on error."})
final class LagCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--group", required = true, paramLabel = "GROUP",
            description = "Consumer group to show; repeat for more groups.")
    List<String> groups;

    @Option(names = "--watch", description = "Sample every --interval seconds and print each sample, until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS",
            description = "Sampling interval for --watch (default ${DEFAULT-VALUE}; fractions allowed).")
    double intervalSeconds;

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "With --watch: also write every sample as JSON lines (for 'pipebench alarms evaluate').")
    Path timeline;

    @Option(names = "--measure-sampling", paramLabel = "N",
            description = "Take N samples back to back and print the time per sample (p50, p90, p99, max).")
    Integer measureSamples;

    @Override
    public Integer call() throws Exception {
        if (intervalSeconds <= 0 || intervalSeconds > 3600) {
            throw new IllegalArgumentException("--interval must be more than 0 and at most 3600 seconds, not "
                    + intervalSeconds);
        }
        if (measureSamples != null && (measureSamples < 1 || watch)) {
            throw new IllegalArgumentException("--measure-sampling takes a count of at least 1 and does not go with "
                    + "--watch");
        }
        if (timeline != null && !watch) {
            throw new IllegalArgumentException("--timeline needs --watch");
        }
        PrintStream out = System.out;
        try (KafkaCluster c = cluster.open()) {
            out.println("Cluster: " + c.describe());
            ConsumerLagMonitor.Builder builder = ConsumerLagMonitor.builder(c.connectionProperties())
                    .interval(Duration.ofMillis(Math.max(1, Math.round(intervalSeconds * 1000))));
            groups.forEach(builder::group);
            try (ConsumerLagMonitor monitor = builder.build()) {
                if (measureSamples != null) {
                    measure(monitor, measureSamples, out);
                } else if (watch) {
                    watch(c, monitor, out);
                } else {
                    print(monitor.sample(), out);
                }
            }
        }
        return 0;
    }

    private void watch(KafkaCluster c, ConsumerLagMonitor monitor, PrintStream out) throws Exception {
        LagTimelineWriter writer = timeline == null ? null : LagTimelineWriter.create(timeline);
        if (writer != null) {
            monitor.addListener(writer);
        }
        monitor.addListener(s -> print(s, out));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            monitor.close();
            c.close();
            stopped.countDown();
        }, "pipebench-lag-stop"));
        monitor.start();
        stopped.await();
        if (writer != null) {
            writer.close();
        }
    }

    /** Back-to-back samples; the first is reported apart because it opens connections and fetches metadata. */
    static void measure(ConsumerLagMonitor monitor, int samples, PrintStream out) {
        long w0 = System.nanoTime();
        LagSnapshot first = monitor.sample();
        long warmUpMicros = (System.nanoTime() - w0) / 1000;
        int groupPartitions = first.groups().stream().mapToInt(g -> g.partitions().size()).sum();
        long distinct = first.groups().stream().flatMap(g -> g.partitions().stream())
                .map(p -> p.topic() + "-" + p.partition()).distinct().count();
        Histogram micros = new Histogram(3);
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            monitor.sample();
            micros.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
        }
        out.printf("Sampled %d group(s), %d group-partitions (%d distinct partitions) per sample.%n",
                first.groups().size(), groupPartitions, distinct);
        out.printf("First sample (connections, metadata): %.3f ms, not counted.%n", warmUpMicros / 1000.0);
        out.println("Time per sample: " + Quantiles.of(micros).line("%.3f"));
    }

    static void print(LagSnapshot s, PrintStream out) {
        out.println("Sample at " + s.time() + " (" + s.duration().toMillis() + " ms)");
        for (GroupLag g : s.groups()) {
            out.printf("Group %s: %s, %d member(s), status %s%n", g.group(), g.state(), g.members(), g.status());
            if (!g.partitions().isEmpty()) {
                out.printf("  %-24s %9s %12s %12s %10s %12s  %s%n", "TOPIC", "PARTITION", "COMMITTED", "LOG END",
                        "LAG", "TIME LAG", "STATUS");
                for (PartitionLag p : g.partitions()) {
                    out.printf("  %-24s %9d %12s %12s %10s %12s  %s%n", p.topic(), p.partition(),
                            num(p.committedOffset()), num(p.logEndOffset()), num(p.offsetLag()),
                            timeLag(p.timeLagMs(), p.timeLagLowerBound()), p.status());
                }
            }
            boolean lowerBound = g.partitions().stream().anyMatch(PartitionLag::timeLagLowerBound);
            out.printf("  max lag %s, sum lag %s, max time lag %s%n", num(g.maxLag()), num(g.sumLag()),
                    timeLag(g.maxTimeLagMs(), lowerBound));
        }
        out.flush();
    }

    private static String num(OptionalLong v) {
        return v.isPresent() ? String.valueOf(v.getAsLong()) : "-";
    }

    private static String timeLag(OptionalLong ms, boolean lowerBound) {
        return ms.isPresent() ? (lowerBound ? ">=" : "") + String.format("%.3fs", ms.getAsLong() / 1000.0) : "-";
    }
}
