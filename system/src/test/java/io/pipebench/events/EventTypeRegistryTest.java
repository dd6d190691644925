package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventTypeRegistryTest {

    private final EventTypeRegistry registry = EventTypeRegistry.standard();

    @Test
    void standardRegistryHoldsThe24EventsOfTheSourceSystem() {
        assertThat(registry.all()).hasSize(24);
        assertThat(registry.ofContext(BoundedContext.CUSTOMER)).hasSize(11);
        assertThat(registry.ofContext(BoundedContext.ORDER)).hasSize(6);
        assertThat(registry.ofContext(BoundedContext.PAYMENT)).hasSize(4);
        assertThat(registry.ofContext(BoundedContext.INVENTORY)).hasSize(3);
        assertThat(registry.all()).extracting(EventType::name).containsExactly(
                "CustomerCreated", "CustomerProfileUpdated", "CustomerSpendingUpdated", "CustomerStatusChanged",
                "CustomerVipUpgraded", "DeliveryAddressAdded", "DeliveryAddressRemoved", "MembershipLevelUpgraded",
                "NotificationPreferencesUpdated", "RewardPointsEarned", "RewardPointsRedeemed",
                "OrderCreated", "OrderItemAdded", "OrderSubmitted", "OrderConfirmed", "OrderPaymentRequested",
                "OrderInventoryReservationRequested",
                "PaymentCreated", "PaymentRequested", "PaymentCompleted", "PaymentFailed",
                "InventoryCreated", "StockAdded", "StockReserved");
    }

    @Test
    void namesAndClassesAreUniqueAndEveryPermittedEventClassIsRegisteredOnce() {
        List<EventType> all = registry.all();
        assertThat(all.stream().map(EventType::name).collect(Collectors.toSet())).hasSize(24);
        assertThat(all.stream().map(EventType::javaClass).collect(Collectors.toSet())).hasSize(24);

        // The sealed interfaces list every event class; each must be registered, under its own context.
        for (BoundedContext context : BoundedContext.values()) {
            Class<?> sealed = switch (context) {
                case CUSTOMER -> CustomerEvent.class;
                case ORDER -> OrderEvent.class;
                case PAYMENT -> PaymentEvent.class;
                case INVENTORY -> InventoryEvent.class;
            };
            List<Class<?>> registered = registry.ofContext(context).stream()
                    .<Class<?>>map(EventType::javaClass).toList();
            assertThat(registered).containsExactlyInAnyOrder(sealed.getPermittedSubclasses());
        }
    }

    @Test
    void everyTypeIsVersionOneNamedAfterItsClass() {
        for (EventType type : registry.all()) {
            assertThat(type.name()).isEqualTo(type.javaClass().getSimpleName());
            assertThat(type.currentVersion()).isEqualTo(1);
            assertThat(type.supportedVersions()).containsExactly(1);
            assertThat(registry.typeOf(type.javaClass())).isSameAs(type);
            assertThat(registry.find(type.name())).containsSame(type);
        }
    }

    @Test
    void typeOfAnEventInstance() {
        assertThat(registry.typeOf(EventFactory.samplePaymentFailed()).name()).isEqualTo("PaymentFailed");
        assertThat(registry.typeOf(EventFactory.sampleOrderCreated()).context()).isEqualTo(BoundedContext.ORDER);
    }

    @Test
    void unregisteredClassIsRejectedByName() {
        assertThatThrownBy(() -> registry.typeOf(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> registry.typeOf(new ForeignEvent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ForeignEvent.class.getName());
    }

    @Test
    void unknownNamesAreNotFound() {
        assertThat(registry.find("OrderCreatedEvent")).isEmpty();
        assertThat(registry.find("java.lang.Runtime")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    @Test
    void duplicatesAndContextMismatchesAreRejected() {
        EventType created = EventType.v1(OrderCreated.class, BoundedContext.ORDER);
        assertThatThrownBy(() -> new EventTypeRegistry(List.of(created, created)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OrderCreated");
        assertThatThrownBy(() -> new EventTypeRegistry(List.of(
                new EventType("OrderCreated", OrderCreated.class, BoundedContext.ORDER, 1, Set.of(1)),
                new EventType("OrderCreated", OrderSubmitted.class, BoundedContext.ORDER, 1, Set.of(1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'OrderCreated'");
        assertThatThrownBy(() -> new EventTypeRegistry(List.of(EventType.v1(OrderCreated.class,
                BoundedContext.PAYMENT))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PaymentEvent");
    }

    @Test
    void currentVersionMustBeSupported() {
        assertThatThrownBy(() -> new EventType("OrderCreated", OrderCreated.class, BoundedContext.ORDER, 2,
                Set.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currentVersion 2");
    }

    /** An event nobody registered. */
    private record ForeignEvent() implements DomainEvent {
        @Override
        public UUID eventId() {
            return new UUID(0, 1);
        }

        @Override
        public Instant occurredOn() {
            return Instant.EPOCH;
        }

        @Override
        public String aggregateId() {
            return "x";
        }

        @Override
        public BoundedContext context() {
            return BoundedContext.ORDER;
        }
    }
}
