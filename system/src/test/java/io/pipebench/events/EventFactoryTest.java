package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventFactoryTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2025-06-01T08:00:00.654321Z"), ZoneOffset.UTC);

    @Test
    void sameSeedAndClockGiveTheSameEvents() {
        assertThat(sequence(new EventFactory(REGISTRY, 42, FIXED)))
                .isEqualTo(sequence(new EventFactory(REGISTRY, 42, FIXED)));
        assertThat(sequence(new EventFactory(REGISTRY, 42, FIXED)))
                .isNotEqualTo(sequence(new EventFactory(REGISTRY, 43, FIXED)));
    }

    @Test
    void withTheSystemClockOnlyTheInstantDiffers() {
        List<DomainEvent> a = sequence(new EventFactory(REGISTRY, 9));
        List<DomainEvent> b = sequence(new EventFactory(REGISTRY, 9));
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).eventId()).isEqualTo(b.get(i).eventId());
            assertThat(a.get(i).aggregateId()).isEqualTo(b.get(i).aggregateId());
        }
    }

    @Test
    void everyTypeIsCreatedForTheGivenAggregate() {
        EventFactory factory = new EventFactory(REGISTRY, 1, FIXED);
        for (EventType type : REGISTRY.all()) {
            String aggregateId = factory.newAggregateId(type.context());
            DomainEvent event = factory.create(type.name(), aggregateId);
            assertThat(event).isInstanceOf(type.javaClass());
            assertThat(event.aggregateId()).isEqualTo(aggregateId);
            assertThat(event.context()).isEqualTo(type.context());
            assertThat(event.occurredOn()).isEqualTo(FIXED.instant());
        }
    }

    @Test
    void customersAcceptAnyNonBlankIdOthersNeedAUuid() {
        EventFactory factory = new EventFactory(REGISTRY, 1);
        assertThat(factory.create("CustomerCreated", "customer-007").aggregateId()).isEqualTo("customer-007");
        assertThatThrownBy(() -> factory.create("OrderCreated", "order-7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderId must be a UUID");
        assertThatThrownBy(() -> factory.create("StockAdded", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregateId");
        assertThatThrownBy(() -> factory.create("OrderPlaced", UUID.randomUUID().toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OrderPlaced");
    }

    @Test
    void newAggregateIdsAreDistinctUuidsInEveryContext() {
        EventFactory factory = new EventFactory(REGISTRY, 5);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            for (BoundedContext context : BoundedContext.values()) {
                String id = factory.newAggregateId(context);
                assertThat(UUID.fromString(id).version()).isEqualTo(4);
                ids.add(id);
            }
        }
        assertThat(ids).hasSize(4_000);
    }

    @Test
    void ordersHaveOneToFiveItemsAndAmountsHaveTwoDecimals() {
        EventFactory factory = new EventFactory(REGISTRY, 11);
        Set<Integer> createdSizes = new HashSet<>();
        Set<Integer> reservationSizes = new HashSet<>();
        Set<String> currencies = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            OrderCreated created = (OrderCreated) factory.create("OrderCreated");
            createdSizes.add(created.items().size());
            assertTwoDecimals(created.totalAmount());
            currencies.add(created.totalAmount().currency().getCurrencyCode());

            OrderInventoryReservationRequested reservation =
                    (OrderInventoryReservationRequested) factory.create("OrderInventoryReservationRequested");
            reservationSizes.add(reservation.items().size());
            for (OrderItem item : reservation.items()) {
                assertTwoDecimals(item.price());
                assertThat(item.quantity()).isBetween(1, 5);
                assertThat(item.price().currency()).isEqualTo(reservation.items().get(0).price().currency());
            }
        }
        assertThat(createdSizes).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(reservationSizes).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(currencies).hasSizeGreaterThan(1);
    }

    @Test
    void fieldsVary() {
        EventFactory factory = new EventFactory(REGISTRY, 3);
        Set<String> names = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<MembershipLevel> levels = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            CustomerCreated created = (CustomerCreated) factory.create("CustomerCreated");
            names.add(created.customerName().value());
            emails.add(created.email().value());
            levels.add(created.membershipLevel());
        }
        assertThat(names).hasSizeGreaterThan(50);
        assertThat(emails).hasSizeGreaterThan(250);
        assertThat(levels).containsExactlyInAnyOrder(MembershipLevel.values());
    }

    @Test
    void upgradesGoUpAndChangesChange() {
        EventFactory factory = new EventFactory(REGISTRY, 8);
        for (int i = 0; i < 300; i++) {
            MembershipLevelUpgraded upgrade = (MembershipLevelUpgraded) factory.create("MembershipLevelUpgraded");
            assertThat(upgrade.newLevel()).isGreaterThan(upgrade.oldLevel());
            CustomerStatusChanged change = (CustomerStatusChanged) factory.create("CustomerStatusChanged");
            assertThat(change.newStatus()).isNotEqualTo(change.oldStatus());
            NotificationPreferencesUpdated prefs =
                    (NotificationPreferencesUpdated) factory.create("NotificationPreferencesUpdated");
            assertThat(prefs.newPreferences()).isNotEqualTo(prefs.oldPreferences());
            CustomerSpendingUpdated spending = (CustomerSpendingUpdated) factory.create("CustomerSpendingUpdated");
            assertThat(spending.orderId() == null).isEqualTo(spending.spendingType() == SpendingType.ADJUSTMENT);
        }
    }

    @Test
    void samplesAreFixedAndDocumented() {
        OrderCreated order = EventFactory.sampleOrderCreated();
        assertThat(order.items()).hasSize(3);
        assertThat(order.eventId()).isEqualTo(UUID.fromString("6512bd43-d9ca-4a6e-9f21-0c8b7a6e5d43"));
        assertThat(order.occurredOn()).isEqualTo(Instant.parse("2025-01-15T10:30:00.123456Z"));

        OrderInventoryReservationRequested reservation = EventFactory.sampleReservationRequest();
        assertThat(reservation.items()).hasSize(3);
        assertThat(reservation.orderId()).isEqualTo(order.orderId());
        BigDecimal total = reservation.items().stream()
                .map(item -> item.price().amount().multiply(BigDecimal.valueOf(item.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).isEqualTo(order.totalAmount().amount());

        PaymentFailed failed = EventFactory.samplePaymentFailed();
        assertThat(failed.orderId()).isEqualTo(order.orderId());
        assertThat(failed.canRetry()).isTrue();
        assertThat(EventFactory.samplePaymentFailed()).isEqualTo(failed);
    }

    private static List<DomainEvent> sequence(EventFactory factory) {
        List<DomainEvent> events = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (EventType type : REGISTRY.all()) {
                events.add(factory.create(type.name()));
            }
        }
        return events;
    }

    private static void assertTwoDecimals(Money money) {
        assertThat(money.amount().scale()).isEqualTo(2);
        assertThat(money.amount()).isPositive();
    }
}
