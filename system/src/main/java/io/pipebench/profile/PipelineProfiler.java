package io.pipebench.profile;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumedEvent;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.metrics.ConsumerLagMonitor;
import io.pipebench.metrics.GroupLag;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.run.EventGenerator;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.gate.model.EnvironmentInfo;
import org.HdrHistogram.Recorder;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Profiles the whole pipeline at a steady rate: starts the reference system (publisher, consumer groups, audit into
 * the event store) and a lag monitor on a cluster, publishes for a warm-up, then measures one window and reports CPU
 * by part per event, the brokers' requests by API, batching and end-to-end latency. CPU time per event, not
 * wall-clock rate, is the figure to compare on a shared machine.
 */
public final class PipelineProfiler {

    /** How long the generator's schedule outlasts the window; it is closed as soon as the last sample is taken. */
    private static final Duration GENERATOR_MARGIN = Duration.ofSeconds(30);

    /** What to run. */
    public record Options(double rate, Duration warmup, Duration measure, String producerProfile,
                          Map<String, Object> producerSettings, ConsumerSettings.Profile consumerProfile,
                          Workload workload, List<String> groups) {
        public Options {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rate must be > 0 events per second, was " + rate);
            }
            if (measure.isZero() || measure.isNegative()) {
                throw new IllegalArgumentException("--seconds must be > 0, was " + measure.toSeconds());
            }
        }
    }

    private final KafkaCluster cluster;
    private final EventStoreSettings store;

    /** @param store the event store for the audit group, or null when the groups leave audit out */
    public PipelineProfiler(KafkaCluster cluster, EventStoreSettings store) {
        this.cluster = cluster;
        this.store = store;
    }

    public PipelineProfile run(Options o, java.io.PrintStream progress) throws InterruptedException {
        Workload w = o.workload().with(new RateProfile.Steady(o.rate()), Duration.ZERO,
                o.warmup().plus(o.measure()));
        Map<String, Recorder> e2e = new ConcurrentHashMap<>();
        ConsumerSettings.Profile consumer = o.consumerProfile().with(
                Map.of(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, PollCounter.class.getName()));
        Instant started = Instant.now();
        // Captured before anything runs: the commit and gitDirty of the code loaded, not of files edited meanwhile.
        EnvironmentInfo environment = EnvironmentInfo.capture(AppInfoParser.getVersion());
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(store).groups(o.groups())
                .producerProfile(o.producerSettings()).consumerProfile(consumer)
                .meterRegistry(new SimpleMeterRegistry())
                .handledListener((group, events, nanos, cpu) -> recordEndToEnd(e2e, group, events)).start()) {
            if (!system.awaitGroupsReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException("Not every consumer group had partitions after 60 s; nothing profiled");
            }
            ConsumerLagMonitor.Builder lb = ConsumerLagMonitor.builder(cluster.connectionProperties())
                    .meterRegistry(new SimpleMeterRegistry());
            system.groupIds().forEach(lb::group);
            try (ConsumerLagMonitor lag = lb.build()) {
                lag.start();
                // Runs past the window (closed below): a generator that ends before the last sample takes its
                // thread's CPU with it, into "JVM rest", as every tuned profile before 2026-12-02 shows (generator 0).
                EventGenerator generator = new EventGenerator(w, system, o.warmup().plus(o.measure())
                        .plus(GENERATOR_MARGIN)).start();
                try {
                    progress.printf("Warming up for %d s at %.0f events/s (producer %s, consumer %s)...%n",
                            o.warmup().toSeconds(), o.rate(), o.producerProfile(), o.consumerProfile().name());
                    Thread.sleep(o.warmup().toMillis());
                    e2e.values().forEach(Recorder::reset);
                    Sample a = Sample.take(system, generator, lag);
                    progress.printf("Measuring for %d s...%n", o.measure().toSeconds());
                    Thread.sleep(o.measure().toMillis());
                    Sample b = Sample.take(system, generator, lag);
                    return ProfileMath.profile(started, o, system.groupIds(), a, b, e2e, cluster.describe(),
                            environment);
                } finally {
                    generator.close();
                    system.publisher().flush();
                }
            }
        }
    }

    /** Creation (the record's timestamp, set at send) to handled, per group, in microseconds. */
    private static void recordEndToEnd(Map<String, Recorder> e2e, String group, List<ConsumedEvent> events) {
        long now = System.currentTimeMillis();
        Recorder r = e2e.computeIfAbsent(group, g -> new Recorder(3));
        for (ConsumedEvent e : events) {
            r.recordValue(Math.max(1, (now - e.timestampMs()) * 1000));
        }
    }

    /** Everything read at one instant. */
    record Sample(long nanoTime, long processCpu, Map<Long, ThreadTimes.Thread> threads, Map<String, Long> jvmNative,
                  Map<String, Long> postgres, long machineBusy, Map<String, Double> broker,
                  Map<String, double[]> clients, long acked, LagSnapshot lag,
                  Map<String, Map<Long, ProcFs.Sched>> sched,
                  Long cpuPressureMicros) {

        static Sample take(ReferenceSystem system, EventGenerator generator, ConsumerLagMonitor lag) {
            Map<String, double[]> clients = new LinkedHashMap<>();
            clients.put("producer", new double[] {
                    KafkaMBeans.client("kafka.producer", "producer-metrics", "pipebench-publisher", "record-send-total"),
                    KafkaMBeans.client("kafka.producer", "producer-metrics", "pipebench-publisher", "request-total")});
            for (String g : system.groupIds()) {
                long[] polls = PollCounter.countsFor(g + "-");
                clients.put(g, new double[] {
                        KafkaMBeans.client("kafka.consumer", "consumer-fetch-manager-metrics", g + "-",
                                "records-consumed-total"),
                        KafkaMBeans.client("kafka.consumer", "consumer-fetch-manager-metrics", g + "-", "fetch-total"),
                        polls[0], polls[1],
                        KafkaMBeans.client("kafka.consumer", "consumer-coordinator-metrics", g + "-", "commit-total")});
            }
            long acked = generator.acked();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // CPU figures read back to back, the window's edges; the lag sample (a round trip) comes after.
            long now = System.nanoTime();
            Map<Long, ThreadTimes.Thread> threads = ThreadTimes.sample();
            Map<String, Long> jvmNative = ProcFs.jvmNativeThreads();
            long process = os.getProcessCpuTime();
            Map<String, Long> postgres = ProcFs.postgres();
            long machine = ProcFs.machineBusyNanos();
            Map<String, Map<Long, ProcFs.Sched>> sched = ProcFs.schedule().orElse(null);
            java.util.OptionalLong pressure = ProcFs.cpuPressureSomeMicros();
            return new Sample(now, process, threads, jvmNative, postgres, machine, KafkaMBeans.brokerTotals(),
                    clients, acked, lag.sample(), sched, pressure.isPresent() ? pressure.getAsLong() : null);
        }

        Long lagOf(String group) {
            return lag.group(group).map(GroupLag::sumLag).filter(l -> l.isPresent()).map(l -> l.getAsLong())
                    .orElse(null);
        }
    }
}
