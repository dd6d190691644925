package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();

    @Test
    void ofStartsAFlowCorrelatedWithItself() {
        OrderCreated event = EventFactory.sampleOrderCreated();
        EventEnvelope env = EventEnvelope.of(event, REGISTRY);

        assertThat(env.event()).isSameAs(event);
        assertThat(env.eventType()).isEqualTo("OrderCreated");
        assertThat(env.schemaVersion()).isEqualTo(1);
        assertThat(env.correlationId()).isEqualTo(event.eventId());
        assertThat(env.causationId()).isNull();
        assertThat(env.eventId()).isEqualTo(event.eventId());
        assertThat(env.occurredOn()).isEqualTo(event.occurredOn());
        assertThat(env.aggregateId()).isEqualTo("8f14e45f-ceea-467a-9af0-2a3c4d5e6f70");
        assertThat(env.aggregateType()).isEqualTo("Order");
        assertThat(env.context()).isEqualTo(BoundedContext.ORDER);
    }

    @Test
    void causedByKeepsTheRootCorrelationAlongAChain() {
        EventEnvelope order = EventEnvelope.of(EventFactory.sampleOrderCreated(), REGISTRY);
        EventEnvelope reservation = EventEnvelope.of(EventFactory.sampleReservationRequest(), REGISTRY)
                .causedBy(order);
        EventEnvelope payment = EventEnvelope.of(EventFactory.samplePaymentFailed(), REGISTRY)
                .causedBy(reservation);

        assertThat(reservation.correlationId()).isEqualTo(order.eventId());
        assertThat(reservation.causationId()).isEqualTo(order.eventId());
        assertThat(payment.correlationId()).isEqualTo(order.eventId());
        assertThat(payment.causationId()).isEqualTo(reservation.eventId());
        assertThat(payment.eventType()).isEqualTo("PaymentFailed");
        assertThat(payment.aggregateType()).isEqualTo("Payment");
    }

    @Test
    void requiredPartsAreChecked() {
        OrderCreated event = EventFactory.sampleOrderCreated();
        assertThatThrownBy(() -> new EventEnvelope(null, "OrderCreated", 1, event.eventId(), null))
                .hasMessageContaining("event");
        assertThatThrownBy(() -> new EventEnvelope(event, " ", 1, event.eventId(), null))
                .hasMessageContaining("eventType");
        assertThatThrownBy(() -> new EventEnvelope(event, "OrderCreated", 0, event.eventId(), null))
                .hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> new EventEnvelope(event, "OrderCreated", 1, null, null))
                .hasMessageContaining("correlationId");
    }
}
