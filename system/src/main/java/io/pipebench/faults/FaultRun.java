package io.pipebench.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.AlarmRule;
import io.pipebench.cluster.BrokerControl;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.DeadLetterHeaders;
import io.pipebench.consume.DeadLetterReader;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.metrics.ConsumerLagMonitor;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.publish.TopicRouter;
import io.pipebench.run.EventGenerator;
import io.pipebench.run.ReferenceSystem;
import io.pipebench.secrets.JdbcUrlParts;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.store.StoredEventIds;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One fault under load, counted to the event store. Starts the reference system's four groups on the given cluster
 * in a fresh event-store schema, publishes at a steady rate, injects the fault in the middle of the run and ends it,
 * stops publishing, waits (bounded) for every group to catch up, then reconciles every acknowledged event id with the
 * store's rows and with each group's processed set, counts the dead letters of the run's groups, and times the
 * recovery (lag back under the high-consumer-lag threshold after the fault ended). Writes one JSON file per run.
 * Past 400 lines: the run's steps in order are one reading, but the store read-back (the run's rows by event id)
 * and the report's assembly are separable jobs; moving them to classes of their own is open (issue 11 clean-up).
 *
 * <p>{@code kill-consumer}: the members of a group are threads of one JVM, so the audit group runs in a child process
 * ({@link AuditMemberMain}) that is SIGKILLed while one member holds a batch it has stored and not yet committed, and
 * then started again. The audit group's processed set is then its output, the stored event ids.
 *
 * <p>{@code netdrop-postgres-*}: the system's pool reaches PostgreSQL through a proxy the run owns
 * ({@link BlackholeProxy}), which drops the packets (holds them) while the fault lasts.
 */
public final class FaultRun {

    static final String AUDIT = GroupNames.AUDIT;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(20);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final KafkaCluster cluster;
    private final String clusterKind;
    private final EventStoreSettings baseStore;
    private final FaultRunOptions options;
    private final PrintStream out;

    private final String runId;
    private final Map<UUID, String> acked = new ConcurrentHashMap<>();
    private final Map<TopicPartition, LongAdder> perPartition = new ConcurrentHashMap<>();
    private final Map<String, Set<UUID>> processed = new ConcurrentHashMap<>();
    private final List<Recovery.Sample> samples = new CopyOnWriteArrayList<>();
    private final List<List<Double>> timeline = new CopyOnWriteArrayList<>();
    private final List<String> lagGroups = new CopyOnWriteArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private volatile long publishStartNanos;

    /**
     * @param clusterKind how the cluster was started, for the report ({@code forked}, {@code embedded})
     * @param store       where the event store is; the run works in a fresh schema there, dropped if it passes
     */
    public FaultRun(KafkaCluster cluster, String clusterKind, EventStoreSettings store, FaultRunOptions options,
                    PrintStream out) {
        this.cluster = cluster;
        this.clusterKind = clusterKind;
        this.baseStore = store;
        this.options = options;
        this.out = out;
        this.runId = options.fault().id() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    public FaultRunReport run() throws InterruptedException {
        FaultKind fault = options.fault();
        if (fault.needsForkedCluster() && !cluster.brokerControl().map(BrokerControl::supportsProcessFaults)
                .orElse(false)) {
            throw new IllegalArgumentException("--fault " + fault + " kills or freezes a Kafka node: use --cluster "
                    + "forked (this cluster: " + cluster.describe() + ")");
        }
        String schema = "faults_" + runId.replace('-', '_');
        String appName = "pipebench-fault-" + runId;
        EventStoreSettings appStore = withParameter(baseStore.withSchema(schema), "ApplicationName", appName);
        // The runner's own reads must survive the faults on the application's sessions: another name, never read-only.
        EventStoreSettings runnerStore = withParameter(withParameter(baseStore.withSchema(schema).withPoolSize(2),
                "ApplicationName", appName + "-runner"), "options", "-c default_transaction_read_only=off");
        PostgresFaults postgres = new PostgresFaults(appStore, appName);
        if (fault == FaultKind.POSTGRES_READ_ONLY) {
            postgres.checkReadOnlyScope(options.allowSharedDatabase());
        }
        long threshold = lagThreshold();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            new TopicPlanner(admin, cluster.describe(), Duration.ofSeconds(30)).apply(TopicCatalog.standard());
        }
        DeadLetterReader deadLetters = new DeadLetterReader(cluster.connectionProperties());
        Map<TopicPartition, Long> deadLettersFrom = deadLetters.endOffsets();
        String groupPrefix = ReferenceSystem.harnessGroupIdPrefix("fault-" + runId);
        boolean auditInChild = fault == FaultKind.KILL_CONSUMER;
        List<String> groups = ReferenceSystem.Builder.ALL_GROUPS.stream()
                .filter(g -> !(auditInChild && g.equals(AUDIT))).toList();
        ReferenceSystem.Builder.ALL_GROUPS.forEach(g -> processed.put(g, ConcurrentHashMap.newKeySet()));
        startAtTheEnd(groupPrefix);
        Instant startedAt = Instant.now();
        out.printf("Fault run %s: %s, %.0f events/s for %d s, fault at %d s for %d s; schema %s, groups %s*%n", runId,
                cluster.describe(), options.rate(), options.length().toSeconds(), options.faultAt().toSeconds(),
                options.faultDuration().toSeconds(), schema, groupPrefix);

        String faultTarget = null;
        double faultStart = Double.NaN;
        double faultEnd = Double.NaN;
        double drainSeconds;
        boolean drained;
        Reconciliation reconciliation;
        Map<String, Long> memberFailures = new LinkedHashMap<>();
        Map<String, Long> reasonsOfLetters = new LinkedHashMap<>();
        long lettersByFault = 0;
        long lettersBefore = 0;
        Instant faultStartedAt = null;
        Path runDir = options.out().resolve(runId);
        AuditMemberProcess child = null;
        try (BlackholeProxy proxy = fault.target() == FaultKind.Target.POSTGRES_NETWORK ? proxyTo(appStore) : null;
             ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(through(proxy, appStore))
                     .groups(groups).groupIdPrefix(groupPrefix).handledListener((groupId, events, nanos, cpu) -> {
                    Set<UUID> set = processed.get(ReferenceSystem.groupName(groupId));
                    events.forEach(e -> set.add(e.metadata().eventId()));
                }).start();
             Database runnerDb = Database.open(runnerStore)) {
            if (auditInChild) {
                child = AuditMemberProcess.start(cluster.bootstrapServers(), groupPrefix, appStore,
                        runDir.resolve("audit-members.log"));
                child.awaitReady(READY_TIMEOUT);
            }
            if (!system.awaitGroupsReady(READY_TIMEOUT)) {
                throw new IllegalStateException("The run's consumer groups got no partitions within "
                        + READY_TIMEOUT.toSeconds() + " s");
            }
            Map<String, List<String>> groupTopics = groupTopics(system);
            ConsumerLagMonitor.Builder lagBuilder = ConsumerLagMonitor.builder(cluster.connectionProperties())
                    .listener(this::lagSample);
            groupTopics.forEach((name, topics) -> lagBuilder.group(groupPrefix + name, topics));
            Workload workload = new WorkloadLoader(EventTypeRegistry.standard()).load("steady")
                    .with(new RateProfile.Steady(options.rate()), Duration.ZERO, options.length())
                    .withSeed(new SecureRandom().nextLong());
            try (ConsumerLagMonitor lag = lagBuilder.build();
                 EventGenerator generator = new EventGenerator(workload, system, options.length())
                         .onAcknowledged(r -> {
                             acked.put(r.eventId(), r.topic());
                             perPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                                     tp -> new LongAdder()).increment();
                         })) {
                lag.start();
                publishStartNanos = System.nanoTime();
                generator.start();
                sleepUntil(options.faultAt());
                faultStart = elapsedSeconds();
                faultStartedAt = Instant.now();
                InjectedFault injected = null;
                try {
                    injected = inject(fault, postgres, proxy, child, groupPrefix + AUDIT);
                    faultTarget = injected.target();
                    out.printf("t=%5.1fs fault %s: %s%n", faultStart, fault, faultTarget);
                } catch (RuntimeException e) {
                    reasons.add("the fault was not injected: " + e.getMessage());
                    out.printf("t=%5.1fs fault %s NOT injected: %s%n", faultStart, fault, e.getMessage());
                }
                if (options.sabotage() == FaultRunOptions.Sabotage.POISON_RECORD) {
                    sendPoison();
                }
                sleepUntil(options.faultAt().plus(options.faultDuration()));
                if (injected != null) {
                    try {
                        if (fault == FaultKind.KILL_CONSUMER) {
                            // The replacement process: a supervisor (systemd, Kubernetes) would start it.
                            child = AuditMemberProcess.start(cluster.bootstrapServers(), groupPrefix, appStore,
                                    runDir.resolve("audit-members.log"));
                        } else {
                            injected.clear();
                        }
                        faultTarget = injected.target();
                    } catch (RuntimeException e) {
                        reasons.add("the fault could not be ended: " + e.getMessage());
                    }
                }
                faultEnd = elapsedSeconds();
                out.printf("t=%5.1fs fault %s ended%n", faultEnd, fault);
                generator.awaitDone();
                system.publisher().flush();
                out.printf("t=%5.1fs publishing stopped: %d acknowledged, %d failed%n", elapsedSeconds(),
                        generator.acked(), generator.failed());
                long drainStart = System.nanoTime();
                drained = awaitDrained(runnerDb, groupTopics, auditInChild);
                drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                out.printf("t=%5.1fs %s after %.1f s%n", elapsedSeconds(), drained ? "drained" : "NOT drained",
                        drainSeconds);
                awaitRecovered(faultEnd, threshold);
                if (options.sabotage() == FaultRunOptions.Sabotage.DELETE_STORED_ROW) {
                    deleteOneStoredRow(runnerDb);
                }
                Map<String, Set<UUID>> processedSets = new HashMap<>(processed);
                Map<UUID, Long> rows = rowsPerEvent(runnerDb);
                if (auditInChild) {
                    processedSets.put(AUDIT, rows.keySet());
                }
                reconciliation = Reconciliation.of(Map.copyOf(acked), groupTopics, processedSets, rows);
                for (ConsumerGroupRunner r : system.runners()) {
                    memberFailures.put(ReferenceSystem.groupName(r.groupId()), (long) r.failures().size());
                }
                long publishFailed = generator.failed();
                for (ConsumerRecord<byte[], byte[]> letter : deadLetters.readFrom(deadLettersFrom).records()) {
                    if (!DeadLetterReader.header(letter, DeadLetterHeaders.CONSUMER_GROUP).orElse("")
                            .startsWith(groupPrefix)) {
                        continue; // another run's or another system's
                    }
                    reasonsOfLetters.merge(DeadLetterReader.header(letter, DeadLetterHeaders.REASON)
                            .orElse("(no reason)"), 1L, Long::sum);
                    if (failedBefore(letter, faultStartedAt)) {
                        lettersBefore++;
                    } else {
                        lettersByFault++;
                    }
                }
                Recovery.Result recovery = Recovery.of(samples, faultEnd, threshold);
                FaultRunReport report = report(startedAt, faultTarget, faultStart, faultEnd, publishFailed,
                        reconciliation, lettersByFault, lettersBefore, reasonsOfLetters, recovery, threshold, drained,
                        drainSeconds, memberFailures);
                if (report.passed()) {
                    runnerDb.dropSchemaAfterRun().ifPresent(why ->
                            out.println("Could not drop the run's schema " + schema + " (left behind): " + why));
                } else {
                    out.println("The schema " + schema + " is kept for inspection.");
                }
                write(report, runDir.getParent().resolve(runId + ".json"));
                return report;
            }
        } finally {
            if (child != null) {
                child.close();
            }
        }
    }

    /**
     * Commits the run's new groups at the topics' current ends: on a cluster that earlier runs used, the groups would
     * otherwise start from the earliest records (the document's auto.offset.reset) and redo every earlier run's work.
     */
    private void startAtTheEnd(String groupPrefix) {
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            TopicRouter router = TopicRouter.standard(EventTypeRegistry.standard());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            List<String> topics = List.copyOf(router.routes().values());
            admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).forEach((tp, info) ->
                    ends.put(tp, new OffsetAndMetadata(info.offset())));
            for (String group : ReferenceSystem.Builder.ALL_GROUPS) {
                // Only the group's own topics: a committed offset elsewhere would show as lag that never shrinks.
                List<String> own = ReferenceSystem.topicsOf(group, router);
                Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
                ends.forEach((tp, o) -> {
                    if (own.contains(tp.topic())) {
                        mine.put(tp, o);
                    }
                });
                admin.alterConsumerGroupOffsets(groupPrefix + group, mine).all().get(15, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot start the run's groups at the topics' ends: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the run's groups at the topics' ends", e);
        }
    }

    private InjectedFault inject(FaultKind fault, PostgresFaults postgres, BlackholeProxy proxy,
                                 AuditMemberProcess child, String auditGroup) {
        return switch (fault.target()) {
            case KAFKA_PROCESS -> {
                BrokerControl control = cluster.brokerControl().orElseThrow();
                try (Admin admin = Admin.create(cluster.connectionProperties())) {
                    yield KafkaFaults.inject(fault, control, admin, busiestPartition(), auditGroup);
                }
            }
            case CONSUMER_PROCESS -> {
                child.holdMidBatch(Duration.ofSeconds(30));
                long pid = child.pid();
                child.kill();
                yield InjectedFault.of("audit members' process " + pid + " killed (SIGKILL) holding a stored, "
                        + "uncommitted batch", () -> {
                });
            }
            case POSTGRES_SERVER, POSTGRES_SESSIONS -> postgres.inject(fault);
            case POSTGRES_NETWORK -> proxy.blackhole();
        };
    }

    /**
     * A proxy of the run's own in front of the event store, for the packet-drop faults: the system's pool reaches
     * PostgreSQL through it; the runner's reads and the other faults' admin connections do not.
     */
    private BlackholeProxy proxyTo(EventStoreSettings store) {
        JdbcUrlParts.HostPort db = JdbcUrlParts.parse(store.jdbcUrl()).address();
        BlackholeProxy proxy = BlackholeProxy.start(db.host(), db.port());
        out.printf("The system reaches PostgreSQL (%s:%d) through the run's proxy on %s:%d%n", db.host(), db.port(),
                BlackholeProxy.LOOPBACK, proxy.port());
        return proxy;
    }

    /** The store's settings, pointed at the proxy when there is one. */
    private static EventStoreSettings through(BlackholeProxy proxy, EventStoreSettings store) {
        return proxy == null ? store : store.withJdbcUrl(JdbcUrlParts.withAddress(store.jdbcUrl(),
                BlackholeProxy.LOOPBACK, proxy.port()));
    }

    private TopicPartition busiestPartition() {
        return perPartition.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue().sum()))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("Nothing was acknowledged before the fault: no busy "
                        + "partition to pick"));
    }

    /** Each group's name and the topics it reads. */
    private static Map<String, List<String>> groupTopics(ReferenceSystem system) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ReferenceSystem.Builder.ALL_GROUPS.forEach(g -> out.put(g, ReferenceSystem.topicsOf(g, system.router())));
        return out;
    }

    private void lagSample(LagSnapshot snapshot) {
        if (publishStartNanos == 0) {
            return;
        }
        List<OptionalLong> sums = new ArrayList<>();
        snapshot.groups().forEach(g -> sums.add(g.sumLag()));
        double t = elapsedSeconds();
        OptionalLong worst = Recovery.worstGroup(sums);
        samples.add(new Recovery.Sample(t, worst));
        // The report's timeline: time, the worst group's lag, then each group's (null where unmeasured).
        List<Double> point = new ArrayList<>();
        point.add(Math.round(t * 10) / 10.0);
        point.add(worst.isPresent() ? (double) worst.getAsLong() : null);
        sums.forEach(sum -> point.add(sum.isPresent() ? (double) sum.getAsLong() : null));
        timeline.add(point);
        if (lagGroups.isEmpty()) {
            snapshot.groups().forEach(g -> lagGroups.add(ReferenceSystem.groupName(g.group())));
        }
    }

    /** Every group has processed every acknowledged event on its topics, and the store holds every one. */
    private boolean awaitDrained(Database db, Map<String, List<String>> groupTopics, boolean auditInChild)
            throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (true) {
            try {
                Map<UUID, String> snapshot = Map.copyOf(acked);
                boolean groupsDone = groupTopics.entrySet().stream()
                        .filter(e -> !(auditInChild && e.getKey().equals(AUDIT)))
                        .allMatch(e -> snapshot.entrySet().stream().filter(a -> e.getValue().contains(a.getValue()))
                                .allMatch(a -> processed.get(e.getKey()).contains(a.getKey())));
                if (groupsDone && StoredEventIds.present(db, snapshot.keySet()).size() == snapshot.size()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the store may still be coming back: not drained yet
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /**
     * Gives the lag monitor time to see the drained groups' committed offsets (commits are asynchronous): waits for a
     * sample newer than the drain under which the run counts as recovered, bounded.
     */
    private void awaitRecovered(double faultEnd, long threshold) throws InterruptedException {
        int seen = samples.size();
        long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
        while ((samples.size() <= seen || !Recovery.of(samples, faultEnd, threshold).recovered())
                && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static boolean failedBefore(ConsumerRecord<byte[], byte[]> letter, Instant faultStartedAt) {
        if (faultStartedAt == null) {
            return false;
        }
        try {
            return DeadLetterReader.header(letter, DeadLetterHeaders.FAILED_AT).map(Instant::parse)
                    .map(t -> t.isBefore(faultStartedAt)).orElse(false);
        } catch (DateTimeParseException e) {
            return false; // no readable time: counted against the fault, never dropped
        }
    }

    private void sendPoison() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.copyOf(cluster.connectionProperties()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("order-events", "sabotage".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            out.println("Sabotage: one undecodable record sent to order-events");
        } catch (Exception e) {
            throw new IllegalStateException("Sabotage: the poison record was not sent: " + e, e);
        }
    }

    private void deleteOneStoredRow(Database db) {
        String sql = "delete from " + db.settings().schema() + ".events where event_id = "
                + "(select event_id from " + db.settings().schema() + ".events where event_id = any(?) limit 1)";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("uuid", acked.keySet().toArray()));
            out.println("Sabotage: deleted " + ps.executeUpdate() + " stored row of an acknowledged event");
        } catch (SQLException e) {
            throw new IllegalStateException("Sabotage: could not delete a stored row: " + e.getMessage(), e);
        }
    }

    private static Map<UUID, Long> rowsPerEvent(Database db) {
        Map<UUID, Long> rows = new HashMap<>();
        String sql = "select event_id, count(*) from " + db.settings().schema() + ".events group by event_id";
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the run's rows back from the event store: "
                    + e.getMessage(), e);
        }
        return rows;
    }

    private FaultRunReport report(Instant startedAt, String faultTarget, double faultStart, double faultEnd,
                                  long publishFailed, Reconciliation r, long byFault, long before,
                                  Map<String, Long> letterReasons, Recovery.Result recovery, long threshold,
                                  boolean drained, double drainSeconds, Map<String, Long> memberFailures) {
        List<String> why = new ArrayList<>(reasons);
        if (r.acked() == 0) {
            why.add("nothing was acknowledged: the run shows nothing");
        }
        if (r.lost() > 0) {
            why.add(r.lost() + " acknowledged event(s) not in the event store, e.g. " + r.sampleLost());
        }
        if (r.duplicates() > 0) {
            why.add(r.duplicates() + " duplicate row(s)");
        }
        r.notProcessed().forEach((g, n) -> {
            if (n > 0) {
                why.add(n + " acknowledged event(s) not processed by " + g);
            }
        });
        if (byFault > 0) {
            why.add(byFault + " dead letter(s) since the fault started " + letterReasons);
        }
        if (before > 0) {
            why.add(before + " dead letter(s) before the fault " + letterReasons);
        }
        if (!drained) {
            why.add("the groups did not catch up within " + options.drainTimeout().toSeconds() + " s");
        }
        if (!recovery.recovered()) {
            why.add("the lag never came back under " + threshold + " after the fault ended");
        }
        Double recoverySeconds = recovery.seconds().isPresent()
                ? Math.round(recovery.seconds().getAsDouble() * 10) / 10.0 : null;
        FaultRunReport report = new FaultRunReport(options.fault().id(), runId, startedAt.toString(), clusterKind,
                options.sabotage().id(), options.rate(), options.length().toSeconds(), round(faultStart),
                round(faultEnd - faultStart), faultTarget, r.acked(), publishFailed, r.stored(), r.lost(),
                r.duplicates(), r.storedNotAcked(), r.notProcessed(), byFault, before, letterReasons, recoverySeconds,
                recovery.peakLag().isPresent() ? recovery.peakLag().getAsLong() : null, threshold, drained,
                round(drainSeconds), memberFailures, why.isEmpty() ? FaultRunReport.PASS : FaultRunReport.FAIL, why,
                List.copyOf(lagGroups), List.copyOf(timeline));
        out.printf("%s: acked %d, stored %d, lost %d, duplicates %d, dead-lettered by the fault %d, recovery %s%n",
                report.verdict(), r.acked(), r.stored(), r.lost(), r.duplicates(), byFault,
                recoverySeconds == null ? "never" : recoverySeconds + " s");
        why.forEach(w -> out.println("  " + w));
        return report;
    }

    private static double round(double seconds) {
        return Double.isNaN(seconds) ? -1 : Math.round(seconds * 10) / 10.0;
    }

    private void write(FaultRunReport report, Path file) {
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
            out.println("Wrote " + file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private long lagThreshold() {
        AlarmRule rule = AlarmCatalog.standard().rule("high-consumer-lag").orElseThrow(() ->
                new IllegalStateException("The alarm catalog has no high-consumer-lag rule: recovery cannot be judged"));
        return (long) rule.threshold();
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - publishStartNanos) / 1e9;
    }

    private void sleepUntil(Duration sincePublishStart) throws InterruptedException {
        long wait = publishStartNanos + sincePublishStart.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** The settings with one more JDBC URL parameter (the driver takes them as connection properties). */
    static EventStoreSettings withParameter(EventStoreSettings s, String name, String value) {
        String url = s.jdbcUrl();
        return s.withJdbcUrl(url + (url.contains("?") ? "&" : "?") + name + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    public String runId() {
        return runId;
    }
}
