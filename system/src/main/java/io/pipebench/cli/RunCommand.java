package io.pipebench.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.metrics.ConsumerLagMonitor;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.metrics.PrometheusEndpoint;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.run.EventGenerator;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.topics.TopicPlan;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the reference system: its consumer groups, and optionally an event generator at a given rate. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the reference system: the four consumer groups (notification, analytics, audit into the "
                + "event store, reporting) and, with --rate or --workload, an event generator across the four contexts.",
                "Prints progress every few seconds and a summary at the end; Ctrl-C stops cleanly with offsets committed.",
                "Exit code " + RunCommand.UNHEALTHY + " when a consumer-group member died during the run (it is "
                        + "restarted) or a record was skipped because its dead letter failed for good.",
                "Example: pipebench run --rate 1000 --duration 60s"})
final class RunCommand implements Callable<Integer> {

    /** The run went through, but the system was not healthy: members died, or dead letters were dropped. */
    static final int UNHEALTHY = 3;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--groups", split = ",", paramLabel = "NAME",
            description = "Consumer groups to run (default: all of notification,analytics,audit,reporting).")
    List<String> groups = ReferenceSystem.Builder.ALL_GROUPS;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the generated events' ids and aggregates. Default: a new one each run, printed. "
                    + "A fixed seed repeats the same event ids, which an event store that kept the last run's rows "
                    + "refuses (other content under a stored id is a conflict, dead-lettered).")
    Long seed;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S",
            description = "Publish generated events at this rate (default: none, or the workload's rate).")
    Double rate;

    @Option(names = "--workload", paramLabel = "NAME|FILE",
            description = "Event mix, keys and rate from a workload (default: steady's mix). Built-in: ${COMPLETION-CANDIDATES}",
            completionCandidates = BuiltInWorkloads.class)
    String workload;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long, e.g. 90s or 5m (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--producer-profile", defaultValue = "seed", paramLabel = "NAME",
            description = "seed (the document's settings, default) or tuned.")
    String producerProfile;

    @Option(names = "--consumer-profile", paramLabel = "NAME",
            description = "seed (the document's consumer settings) or tuned; default -DconsumerProfile, else seed.")
    String consumerProfile;

    private ConsumerSettings.Profile consumer;

    @Option(names = "--metrics-port", defaultValue = "9404", paramLabel = "PORT",
            description = "Serve Prometheus metrics on this port at /metrics (default ${DEFAULT-VALUE}; -1 disables, 0 any).")
    int metricsPort;

    @Option(names = "--metrics-bind", defaultValue = PrometheusEndpoint.DEFAULT_BIND, paramLabel = "ADDRESS",
            description = "Address the metrics endpoint listens on (default ${DEFAULT-VALUE}, this machine only; "
                    + "0.0.0.0 for every interface, e.g. for a Prometheus in another container).")
    String metricsBind;

    @Option(names = "--apply-topics", negatable = true,
            description = "Create missing catalog topics first (default: yes on the embedded and forked clusters, no "
                    + "on others, where missing topics stop the run).")
    Boolean applyTopics;

    @Option(names = "--progress-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between progress lines (default ${DEFAULT-VALUE}).")
    int progressSeconds;

    static final class BuiltInWorkloads extends ArrayList<String> {
        BuiltInWorkloads() {
            super(WorkloadLoader.builtIns());
        }
    }

    @Override
    public Integer call() throws Exception {
        Optional<Duration> runFor = Optional.ofNullable(duration)
                .map(d -> io.pipebench.workload.Durations.parse("--duration", d));
        Workload w = null;
        if (workload != null || rate != null) {
            w = new WorkloadLoader(EventTypeRegistry.standard()).load(workload == null ? "steady" : workload);
            if (rate != null) {
                if (rate <= 0) {
                    throw new IllegalArgumentException("--rate must be > 0 events per second, was " + rate);
                }
                w = w.with(new RateProfile.Steady(rate), Duration.ZERO, w.duration());
            }
            long s = seed != null ? seed : new java.security.SecureRandom().nextLong();
            w = w.withSeed(s);
            System.out.println("Event seed " + s + (seed != null ? " (--seed)" : " (new this run; --seed " + s
                    + " repeats its events)"));
        }
        // Checked before a cluster starts: a misspelt profile fails at once.
        consumer = ConsumerSettings.named(consumerProfile == null ? ConsumerSettings.defaultName() : consumerProfile,
                "--consumer-profile");
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMeters.commonTags(prometheus, "genai-demo");

        long start = System.nanoTime();
        try {
            return runWith(w, runFor, prometheus);
        } finally {
            // The last line: a stop by signal that printed it closed everything in order before the JVM halted.
            System.out.printf("Closed %.1f s after start.%n", (System.nanoTime() - start) / 1e9);
            closed.countDown();
        }
    }

    private int runWith(Workload w, Optional<Duration> runFor, PrometheusMeterRegistry prometheus) throws Exception {
        try (KafkaCluster c = cluster.open()) {
            System.out.println("Kafka: " + c.describe());
            boolean apply = applyTopics != null ? applyTopics : cluster.kind().owned();
            TopicPlan plan = apply ? Topics.applyAndPrint(c, Optional.empty(), System.out) : Topics.plan(c, Optional.empty());
            boolean missing = plan.changes().stream().anyMatch(ch -> ch instanceof io.pipebench.topics.TopicChange.CreateTopic);
            if (missing) {
                System.err.print(plan.render());
                throw new IllegalArgumentException("Topics of the catalog are missing on " + c.describe()
                        + ": run 'pipebench topics apply' with the same cluster options, or pass --apply-topics");
            }
            EventStoreSettings store = groups.contains(GroupNames.AUDIT) ? EventStoreSettings.fromEnvironment() : null;
            try (ReferenceSystem system = ReferenceSystem.builder(c).eventStore(store).groups(groups)
                    .producerProfile(ProducerProfiles.named(producerProfile, w == null ? Map.of() : w.producerOverrides()))
                    .consumerProfile(consumer)
                    .meterRegistry(prometheus).start();
                 PrometheusEndpoint endpoint = metricsPort < 0 ? null
                         : PrometheusEndpoint.start(prometheus, metricsBind, metricsPort)) {
                System.out.println("Consumer groups: " + String.join(", ", system.groupIds()));
                io.pipebench.faults.Slowdown.requireClaimed();
                ConsumerLagMonitor.Builder lagBuilder = ConsumerLagMonitor.builder(c.connectionProperties())
                        .meterRegistry(prometheus);
                system.groupIds().forEach(lagBuilder::group);
                lag = lagBuilder.build();
                lag.start();
                if (store != null) {
                    System.out.println("Event store: " + store);
                }
                if (endpoint != null) {
                    System.out.println("Metrics: " + endpoint.url());
                }
                try {
                    return runUntilDone(system, w, runFor);
                } finally {
                    lag.close();
                }
            }
        }
    }

    private ConsumerLagMonitor lag;

    /** Counted down when everything is closed; a Ctrl-C hook waits for it, or the JVM would halt mid-shutdown. */
    private final CountDownLatch closed = new CountDownLatch(1);

    private int runUntilDone(ReferenceSystem system, Workload w, Optional<Duration> runFor) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pipebench-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        EventGenerator generator = w == null ? null
                : new EventGenerator(w, system, runFor.orElse(null)).start();
        if (generator != null) {
            System.out.printf("Publishing workload '%s' at %.0f events/s%s.%n", w.name(), w.rate().peakRate(),
                    runFor.map(d -> " for " + d.toSeconds() + " s").orElse(" until Ctrl-C"));
        }
        Progress progress = new Progress(system, generator, lag);
        long started = System.nanoTime();
        long deadline = runFor.map(d -> started + d.toNanos()).orElse(Long.MAX_VALUE);
        while (true) {
            long wait = Math.min(TimeUnit.SECONDS.toNanos(progressSeconds), deadline - System.nanoTime());
            if (wait <= 0 || stop.await(wait, TimeUnit.NANOSECONDS)) {
                break;
            }
            System.out.println(progress.line());
        }
        if (generator != null) {
            generator.close();
            flush(system, stop);
        }
        boolean signalled = stop.getCount() == 0;
        System.out.println(signalled ? "Stopping (Ctrl-C): committing offsets and closing..." : "Done.");
        System.out.println(progress.line());
        System.out.println(progress.summary());
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits on 'closed' until call() has closed everything in order.
        }
        return healthVerdict(system, System.err);
    }

    /** How long a stop by signal waits for unacknowledged sends; the producer's close then gives up on the rest. */
    static final Duration SIGNAL_FLUSH = Duration.ofSeconds(10);

    /**
     * Waits for every send to be acknowledged, but at most {@link #SIGNAL_FLUSH} once a stop signal has come (before
     * or during the flush): with the brokers down KafkaProducer.flush() waits for the whole delivery timeout (120 s)
     * and the JVM's shutdown would halt mid-close. The producer is then closed at once; what it held counts as failed.
     */
    private static void flush(ReferenceSystem system, CountDownLatch signal) {
        java.util.concurrent.CompletableFuture<Void> flushed =
                java.util.concurrent.CompletableFuture.runAsync(system.publisher()::flush);
        long giveUpAt = Long.MAX_VALUE;
        try {
            while (true) {
                try {
                    flushed.get(200, TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.TimeoutException stillSending) {
                    if (signal.getCount() == 0 && giveUpAt == Long.MAX_VALUE) {
                        giveUpAt = System.nanoTime() + SIGNAL_FLUSH.toNanos();
                    }
                    if (System.nanoTime() - giveUpAt >= 0) {
                        System.out.println("Sends still unacknowledged " + SIGNAL_FLUSH.toSeconds() + " s after the "
                                + "stop signal (brokers unreachable?): closing without waiting for them; they count "
                                + "as failed.");
                        system.publisher().close(Duration.ZERO);
                        return;
                    }
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            System.out.println("Flushing failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * 0 when every member lived through the run and no dead letter was dropped; else {@link #UNHEALTHY}, with one
     * line per group saying what happened. Read from the runners and the health meters, never assumed.
     */
    static int healthVerdict(ReferenceSystem system, PrintStream err) {
        boolean healthy = true;
        for (ConsumerGroupRunner r : system.runners()) {
            List<Throwable> died = r.failures();
            long dropped = (long) system.meters().deadLettersDroppedBy(r.groupId());
            if (!died.isEmpty()) {
                healthy = false;
                err.printf("pipebench: group %s: %d member failure(s) during the run (restarted); last: %s%n",
                        r.groupId(), died.size(), died.get(died.size() - 1));
            }
            if (dropped > 0) {
                healthy = false;
                err.printf("pipebench: group %s: %d record(s) skipped because their dead letter failed for good "
                        + "(see the ALARM lines in the log)%n", r.groupId(), dropped);
            }
        }
        return healthy ? 0 : UNHEALTHY;
    }

    /** The progress line's member failures: the total, and each group that had one ({@code " (audit=1)"}). */
    static String memberFailures(ReferenceSystem system) {
        long died = 0;
        StringBuilder which = new StringBuilder();
        for (ConsumerGroupRunner r : system.runners()) {
            long n = (long) system.meters().memberFailuresOf(r.groupId());
            died += n;
            if (n > 0) {
                which.append(which.length() == 0 ? " (" : " ").append(ReferenceSystem.groupName(r.groupId()))
                        .append('=').append(n);
            }
        }
        return " | member failures " + died + (which.length() == 0 ? "" : which.append(')'));
    }

    /** Progress lines and the closing summary, from the generator's counters and the per-group meters. */
    private static final class Progress {
        private final ReferenceSystem system;
        private final EventGenerator generator;
        private final ConsumerLagMonitor lag;
        private final long startNanos = System.nanoTime();
        private long lastNanos = startNanos;
        private long lastSent;

        Progress(ReferenceSystem system, EventGenerator generator, ConsumerLagMonitor lag) {
            this.system = system;
            this.generator = generator;
            this.lag = lag;
        }

        String line() {
            long now = System.nanoTime();
            StringBuilder sb = new StringBuilder(String.format("t=%4ds", (now - startNanos) / 1_000_000_000L));
            if (generator != null) {
                long sent = generator.sent();
                double rate = (sent - lastSent) / ((now - lastNanos) / 1e9);
                sb.append(String.format(" | published %d (%.0f/s) acked %d failed %d", sent, rate, generator.acked(),
                        generator.failed()));
                lastSent = sent;
            }
            sb.append(" | processed");
            for (String g : system.groupIds()) {
                sb.append(' ').append(ReferenceSystem.groupName(g)).append('=')
                        .append((long) system.meters().processedBy(g));
            }
            lag.latest().ifPresent(snapshot -> {
                sb.append(" | lag");
                for (var g : snapshot.groups()) {
                    sb.append(' ').append(ReferenceSystem.groupName(g.group())).append('=')
                            .append(g.sumLag().isPresent() ? String.valueOf(g.sumLag().getAsLong())
                                    : g.status().name().toLowerCase());
                }
            });
            var dlq = system.meters().registry().find(PipelineMeters.MESSAGES_PRODUCED)
                    .tag("topic", "dead-letter-queue").counter();
            sb.append(" | dead letters ").append(dlq == null ? 0 : (long) dlq.count());
            sb.append(memberFailures(system));
            lastNanos = now;
            return sb.toString();
        }

        String summary() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            StringBuilder sb = new StringBuilder(String.format("Summary over %.1f s:", seconds));
            if (generator != null) {
                Quantiles latency = Quantiles.of(generator.intendedToAck());
                sb.append(String.format("%n  published %d events (%.0f/s), acknowledged %d, failed %d, "
                                + "max behind schedule %d ms%n  intended send time to ack: %s", generator.sent(),
                        generator.sent() / seconds, generator.acked(), generator.failed(),
                        generator.maxBehindSchedule().toMillis(), latency.line("%.1f")));
            }
            for (String g : system.groupIds()) {
                double n = system.meters().processedBy(g);
                sb.append(String.format("%n  %-24s processed %d records (%.0f/s)", g, (long) n, n / seconds));
            }
            return sb.toString();
        }
    }
}
