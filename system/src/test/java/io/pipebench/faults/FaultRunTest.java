package io.pipebench.faults;

import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.SharedKafka;
import io.pipebench.testing.TestSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault run end to end on the shared cluster and the local event store, with the one fault fast enough
 * for a test (the run's own backends terminated every second), and the same run broken on purpose: a run that loses a
 * row, or dead-letters a record, must fail.
 */
class FaultRunTest {

    @TempDir
    Path out;

    private final EventStoreSettings store = TestSchemas.fresh("faultrun");

    private FaultRunReport run(FaultRunOptions.Sabotage sabotage) throws InterruptedException {
        return run(new FaultRunOptions(FaultKind.POSTGRES_TERMINATE_BACKENDS, 100, Duration.ofSeconds(10),
                Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(60), out, sabotage, false));
    }

    private FaultRunReport run(FaultRunOptions options) throws InterruptedException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FaultRun run = new FaultRun(SharedKafka.cluster(), SharedKafka.kind(), store, options,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            FaultRunReport report = run.run();
            assertThat(out.resolve(report.runId() + ".json")).exists();
            return report;
        } finally {
            // A failed run keeps its schema for inspection; the shared test database must not keep it.
            try (Database db = Database.open(store.withSchema("faults_" + run.runId().replace('-', '_')))) {
                StoreQueries.dropSchema(db);
            }
        }
    }

    @Test
    void terminatedBackendsUnderLoadLoseNothingAndDeadLetterNothing() throws Exception {
        FaultRunReport r = run(FaultRunOptions.Sabotage.NONE);

        assertPassedLosingNothing(r, 500);
        // The fault did hit: the run's sessions were terminated (the count is in the target's description).
        assertThat(r.faultTarget()).containsPattern("terminated every second \\([1-9][0-9]* so far\\)");
        String json = Files.readString(out.resolve(r.runId() + ".json"));
        assertThat(json).contains("\"fault\" : \"postgres-terminate-backends\"", "\"lost\" : 0");
    }

    @Test
    void packetsToTheStoreDroppedUnderLoadLoseNothingAndDeadLetterNothing() throws Exception {
        // 12 s of blackhole at 200 events/s: the audit group's backlog passes the lag threshold (1000) if the
        // proxy really held its database calls, and must drain once it lets them through.
        FaultRunReport r = run(new FaultRunOptions(FaultKind.NETDROP_POSTGRES_30S, 200, Duration.ofSeconds(16),
                Duration.ofSeconds(3), Duration.ofSeconds(12), Duration.ofSeconds(90), out,
                FaultRunOptions.Sabotage.NONE, false));

        assertPassedLosingNothing(r, 2000);
        // The system's pool went through the proxy, and the drop stalled the store path.
        assertThat(r.faultTarget()).containsPattern("\\([1-9][0-9]* open connection\\(s\\) held");
        assertThat(r.peakLag()).isGreaterThan(r.lagThreshold());
        assertThat(r.memberFailures()).allSatisfy((group, failures) -> assertThat(failures).as(group).isZero());
    }

    /** PASS with more than {@code minAcked} acknowledged, every one stored once, nothing dead-lettered, recovered. */
    private static void assertPassedLosingNothing(FaultRunReport r, long minAcked) {
        assertThat(r.reasons()).isEmpty();
        assertThat(r.verdict()).isEqualTo(FaultRunReport.PASS);
        assertThat(r.acked()).isGreaterThan(minAcked);
        assertThat(r.stored()).isEqualTo(r.acked());
        assertThat(r.lost()).isZero();
        assertThat(r.duplicates()).isZero();
        assertThat(r.deadLetteredByFault()).isZero();
        assertThat(r.recoverySeconds()).isNotNull();
    }

    @Test
    void aStoredRowDeletedBeforeReconcilingFailsTheRunAsLost() throws Exception {
        FaultRunReport r = run(FaultRunOptions.Sabotage.DELETE_STORED_ROW);

        assertThat(r.verdict()).isEqualTo(FaultRunReport.FAIL);
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.stored()).isEqualTo(r.acked() - 1);
        assertThat(r.reasons()).anyMatch(w -> w.contains("not in the event store"));
    }

    @Test
    void aDeadLetterDuringTheFaultFailsTheRun() throws Exception {
        FaultRunReport r = run(FaultRunOptions.Sabotage.POISON_RECORD);

        assertThat(r.verdict()).isEqualTo(FaultRunReport.FAIL);
        // order-events is read by all four groups: one dead letter each.
        assertThat(r.deadLetteredByFault()).isEqualTo(4);
        assertThat(r.deadLetterReasons()).containsOnlyKeys("decoding:missing_header");
        assertThat(r.lost()).isZero();
    }
}
