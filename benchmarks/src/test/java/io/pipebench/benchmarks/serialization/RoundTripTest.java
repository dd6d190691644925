package io.pipebench.benchmarks.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipebench.benchmarks.serialization.codec.Candidate;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.events.Money;
import io.pipebench.events.OrderCreated;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static List<Arguments> everyCandidateAndInput() {
        List<Arguments> all = new ArrayList<>();
        for (Candidate candidate : Candidate.values()) {
            for (Input input : Input.values()) {
                all.add(Arguments.of(candidate, input));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0} round-trips {1}")
    @MethodSource("everyCandidateAndInput")
    void everyCandidateKeepsEveryField(Candidate candidate, Input input) {
        EventCodec codec = candidate.create(EventTypeRegistry.standard());
        Object encoded = RoundTrip.verify(candidate, codec, input);
        assertThat(input.payload(encoded)).isNotEmpty();
        assertThat(input.decode(codec, encoded)).isEqualTo(input.sample());
    }

    @Test
    void envelopeCarriesItsHeadersAndComesBackWhole() {
        EventCodec codec = Candidate.protobuf.create(EventTypeRegistry.standard());
        Object encoded = Input.Envelope.encode(codec, Input.Envelope.sample());
        assertThat(Input.Envelope.headers(encoded)).extracting(h -> h.key())
                .contains("event-type", "schema-version", "correlation-id", "causation-id", "content-type");
        assertThat(Input.Envelope.decode(codec, encoded)).isEqualTo(Input.Envelope.sample());
    }

    @Test
    void aCodecThatLosesTheScaleOfAnAmountIsRefused() {
        EventCodec lossy = new ScaleDroppingCodec(new JsonEventCodec(EventTypeRegistry.standard()));
        assertThatThrownBy(() -> RoundTrip.verify(Candidate.jacksonStrict, lossy, Input.OrderCreated))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not round-trip OrderCreated");
    }

    /** Decodes correctly except that 249.97 comes back as 249.970: equal in value, not in scale. */
    private record ScaleDroppingCodec(EventCodec inner) implements EventCodec {
        @Override
        public String name() {
            return "lossy";
        }

        @Override
        public String contentType() {
            return inner.contentType();
        }

        @Override
        public byte[] encode(DomainEvent event) {
            return inner.encode(event);
        }

        @Override
        public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
            OrderCreated e = (OrderCreated) inner.decode(eventType, schemaVersion, payload);
            Money total = new Money(e.totalAmount().amount().setScale(3), e.totalAmount().currency());
            assertThat(total.amount()).isEqualByComparingTo(new BigDecimal("249.97"));
            return new OrderCreated(e.eventId(), e.occurredOn(), e.orderId(), e.customerId(), total, e.items());
        }
    }
}
