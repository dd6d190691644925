package io.pipebench.load.measure;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.PlannedSchedule;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineLedgerTest {

    /**
     * Six events acknowledged: three on orders, three on customers. The audit group reads both and stores all but
     * one it reported as handled (a silent skip); reporting reads only orders and missed one.
     */
    @Test
    void reconcilesEachGroupWithTheTopicsItReadsAndTheStoreByEventId() {
        RunRecorder recorder = new RunRecorder(new PlannedSchedule(InjectionPlan.of(new WorkloadLoader(EventTypeRegistry.standard()).load("smoke"))),
                10, true);
        for (long seq = 0; seq < 6; seq++) {
            recorder.onSend(seq, 1_000 + seq, 1_000 + seq);
            recorder.onComplete(seq, 1_000 + seq, 1_000 + seq, 2_000 + seq, seq < 3 ? "orders" : "customers", null);
        }
        PipelineLedger ledger = new PipelineLedger(recorder, Map.of("audit", List.of("orders", "customers"),
                "reporting", List.of("orders")), "audit");
        UUID[] ids = new UUID[6];
        for (int seq = 0; seq < 6; seq++) {
            ids[seq] = UUID.randomUUID();
            ledger.processed("audit", seq, ids[seq], 3_000);
        }
        ledger.processed("reporting", 0, ids[0], 3_000);
        ledger.processed("reporting", 2, ids[2], 3_000);
        Set<UUID> rows = new HashSet<>(List.of(ids));
        rows.remove(ids[4]);

        PipelineLedger.Reconciliation r = ledger.reconcile(asked -> {
            Set<UUID> present = new HashSet<>(asked);
            present.retainAll(rows);
            return present;
        }, true);

        assertThat(r.acknowledged()).isEqualTo(6);
        assertThat(r.notProcessed()).containsEntry("audit", 0L).containsEntry("reporting", 1L);
        assertThat(r.notStored()).isEqualTo(1);
        assertThat(r.sampleNotStored()).containsExactly(4L);
    }

    @Test
    void aRecordTheStoringGroupNeverHandledIsNotStoredWithoutAskingTheStore() {
        RunRecorder recorder = new RunRecorder(new PlannedSchedule(InjectionPlan.of(new WorkloadLoader(EventTypeRegistry.standard()).load("smoke"))),
                10, true);
        recorder.onSend(0, 1, 1);
        recorder.onComplete(0, 1, 1, 2, "orders", null);
        PipelineLedger ledger = new PipelineLedger(recorder, Map.of("audit", List.of("orders")), "audit");
        PipelineLedger.Reconciliation r = ledger.reconcile(asked -> {
            throw new AssertionError("nothing to ask");
        }, true);
        assertThat(r.notProcessed()).containsEntry("audit", 1L);
        assertThat(r.notStored()).isEqualTo(1);
    }

    /**
     * A stage's CPU per record counts only calls on records intended in the measured window, and divides by records,
     * not calls: 3 ms over 2 calls of 1 and 2 records is 1 ms per record; the warm-up call's 50 ms is left out.
     */
    @Test
    void stageCpuPerRecordCountsTheMeasuredWindowOnly() {
        InjectionPlan plan = InjectionPlan.of(new WorkloadLoader(EventTypeRegistry.standard()).load("smoke"));
        PlannedSchedule schedule = PlannedSchedule.unpaced(plan);
        long t0 = 5_000_000_000L;
        schedule.intendedNanos(0, t0); // anchors the plan: the window starts after the warm-up
        long inWindow = schedule.measureStartNanos() + 1_000_000_000L;
        RunRecorder recorder = new RunRecorder(schedule, 10, true);
        recorder.onSend(0, t0, t0);
        for (long seq = 1; seq <= 3; seq++) {
            recorder.onSend(seq, inWindow + seq, inWindow + seq);
        }
        PipelineLedger ledger = new PipelineLedger(recorder, Map.of("audit", List.of("orders"),
                "reporting", List.of("orders")), "audit");
        ledger.handlerCall("audit", 0, 1, 60_000_000, 50_000_000); // warm-up: not counted
        ledger.handlerCall("audit", 1, 1, 2_000_000, 1_000_000);
        ledger.handlerCall("audit", 2, 2, 4_000_000, 2_000_000);
        ledger.handlerCall("reporting", 1, 3, 1_000_000, -1); // thread CPU unmeasured: absent, never 0

        assertThat(ledger.cpuPerRecordMicros()).containsOnlyKeys("audit").containsEntry("audit", 1000.0);

        recorder.onSendCall(0, t0, 9_000_000, 9_000_000);
        recorder.onSendCall(1, inWindow + 1, 30_000, 20_000);
        recorder.onSendCall(2, inWindow + 2, 50_000, 40_000);
        recorder.onSendCall(3, inWindow + 3, 45_000, -1); // not timed (CpuSampling): no part of the mean
        assertThat(recorder.sendCpuPerRecordMicros()).isEqualTo(30.0);
    }

    /**
     * A distributed run: another injector acknowledged 1,100,003 records (over two pages of the set) on two topics and
     * wrote them to its part; the consumer host, which saw them processed, reads that part back and reconciles them,
     * one of them missing from the store.
     */
    @Test
    void aPeersAcknowledgedRecordsReadFromItsPartAreReconciledWithTheGroupsAndTheStore(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        DeliveryLedger acked = new DeliveryLedger();
        long n = 1_100_003;
        for (long seq = 0; seq < n; seq++) {
            acked.acknowledged(seq, seq % 3 == 0 ? "customers" : "orders");
        }
        java.nio.file.Path part = dir.resolve("acknowledged.bin.gz");
        acked.writeAcknowledged(part);
        assertThat(java.nio.file.Files.size(part)).as("dense acknowledgements compress").isLessThan(200_000);

        PipelineLedger peer = PipelineLedger.ofPeer(Map.of("audit", List.of("orders", "customers"),
                "reporting", List.of("orders")), "audit");
        for (long seq = 0; seq < n; seq++) {
            UUID id = new UUID(7, seq);
            peer.processed("audit", seq, id, 1);
            if (seq % 3 != 0 && seq != 5) {
                peer.processed("reporting", seq, id, 1);
            }
            peer.handlerCall("audit", seq, 1, 1, 1); // timed by the peer itself: ignored here
        }
        UUID lost = new UUID(7, 1_099_999L);

        DeliveryLedger read;
        try (var in = java.nio.file.Files.newInputStream(part)) {
            read = DeliveryLedger.readAcknowledged(in);
        }
        PipelineLedger.Reconciliation r = peer.reconcile(read, asked -> {
            Set<UUID> present = new HashSet<>(asked);
            present.remove(lost);
            return present;
        }, true);

        assertThat(read.acknowledgedCount()).isEqualTo(n);
        assertThat(read.acknowledgedOn("customers").size()).isEqualTo((n + 2) / 3);
        assertThat(r.acknowledged()).isEqualTo(n);
        assertThat(r.notProcessed()).containsEntry("audit", 0L).containsEntry("reporting", 1L);
        assertThat(r.notStored()).isEqualTo(1);
        assertThat(r.sampleNotStored()).containsExactly(1_099_999L);
        assertThat(peer.processingTimes().get("audit").getTotalCount()).isZero();
        assertThat(peer.cpuPerRecordMicros()).isEmpty();
    }
}
