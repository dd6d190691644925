package io.pipebench.faults;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {

    private final UUID order = UUID.randomUUID();
    private final UUID payment = UUID.randomUUID();
    private final Map<UUID, String> acked = Map.of(order, "order-events", payment, "payment-events");
    private final Map<String, List<String>> groups = Map.of("audit", List.of("order-events", "payment-events"),
            "reporting", List.of("order-events"));

    @Test
    void everyAcknowledgedEventStoredOnceAndProcessedIsComplete() {
        Reconciliation r = Reconciliation.of(acked, groups,
                Map.of("audit", Set.of(order, payment), "reporting", Set.of(order)), Map.of(order, 1L, payment, 1L));

        assertThat(r.complete()).isTrue();
        assertThat(r.stored()).isEqualTo(2);
        assertThat(r.notProcessed()).containsOnly(Map.entry("audit", 0L), Map.entry("reporting", 0L));
    }

    @Test
    void anAcknowledgedEventWithoutARowIsLost() {
        Reconciliation r = Reconciliation.of(acked, groups,
                Map.of("audit", Set.of(order, payment), "reporting", Set.of(order)), Map.of(order, 1L));

        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.sampleLost()).containsExactly(payment);
        assertThat(r.complete()).isFalse();
    }

    @Test
    void aSecondRowForAnEventIsADuplicate() {
        Reconciliation r = Reconciliation.of(acked, groups,
                Map.of("audit", Set.of(order, payment), "reporting", Set.of(order)), Map.of(order, 2L, payment, 1L));

        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.complete()).isFalse();
    }

    @Test
    void aGroupCountsOnlyTheEventsOnItsTopicsAndAMissingSetProcessedNothing() {
        Reconciliation partly = Reconciliation.of(acked, groups,
                Map.of("audit", Set.of(order), "reporting", Set.of()), Map.of(order, 1L, payment, 1L));
        Reconciliation unknown = Reconciliation.of(acked, groups, Map.of("audit", Set.of(order, payment)),
                Map.of(order, 1L, payment, 1L));

        assertThat(partly.notProcessed()).containsOnly(Map.entry("audit", 1L), Map.entry("reporting", 1L));
        assertThat(unknown.notProcessed()).containsEntry("reporting", 1L);
        assertThat(unknown.complete()).isFalse();
    }

    @Test
    void aRowOfAnEventWhoseSendFailedIsNotALoss() {
        Reconciliation r = Reconciliation.of(Map.of(order, "order-events"), Map.of(), Map.of(),
                Map.of(order, 1L, UUID.randomUUID(), 1L));

        assertThat(r.storedNotAcked()).isEqualTo(1);
        assertThat(r.complete()).isTrue();
    }

    @Test
    void nothingAcknowledgedIsNeverComplete() {
        assertThat(Reconciliation.of(Map.of(), groups, Map.of(), Map.of()).complete()).isFalse();
    }
}
