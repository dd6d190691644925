package io.pipebench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void idsRejectBlankOrNullNamingTheField() {
        assertThatThrownBy(() -> new CustomerId(" ")).hasMessage("customerId must not be blank");
        assertThatThrownBy(() -> new CustomerId(null)).hasMessage("customerId is required");
        assertThatThrownBy(() -> new ProductId("")).hasMessage("productId must not be blank");
        assertThatThrownBy(() -> new OrderId(null)).hasMessage("orderId is required");
        assertThatThrownBy(() -> InventoryId.parse("shelf-3")).hasMessageContaining("inventoryId must be a UUID");
        assertThat(ReservationId.parse("c20ad4d7-6fe9-4759-aa27-a0c99bff6710").value())
                .isEqualTo(UUID.fromString("c20ad4d7-6fe9-4759-aa27-a0c99bff6710"));
    }

    @Test
    void contactDetailsAreCheckedForShape() {
        assertThatCode(() -> new Email("ana.garcia@example.com")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Email("ana.garcia")).hasMessageContaining("email");
        assertThatThrownBy(() -> new Email("@example.com")).hasMessageContaining("email");
        assertThatThrownBy(() -> new Email("a@b@c")).hasMessageContaining("email");
        assertThatCode(() -> new Phone("+44 20 7946 0018")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Phone("call me")).hasMessageContaining("phone");
        assertThatThrownBy(() -> new Phone("12")).hasMessageContaining("at least 4 digits");
        assertThatThrownBy(() -> new CustomerName("")).hasMessageContaining("customerName");
        assertThatThrownBy(() -> new Address("1 Main St", "Springfield", " ", "US")).hasMessageContaining("zipCode");
    }

    @Test
    void orderItemsNeedAPositiveQuantity() {
        assertThatThrownBy(() -> new OrderItem(new ProductId("SKU-1"), 0, Money.of("1.00", "EUR")))
                .hasMessage("quantity must be > 0, was 0");
        assertThatThrownBy(() -> new OrderItem(new ProductId("SKU-1"), 1, null)).hasMessage("price is required");
        assertThatThrownBy(() -> new Money(null, null)).hasMessage("amount is required");
    }

    @Test
    void eventsCheckTheirFieldsAndTruncateToMicroseconds() {
        Instant nanos = Instant.parse("2025-01-01T00:00:00.999999999Z");
        StockAdded event = new StockAdded(UUID.randomUUID(), nanos, new InventoryId(UUID.randomUUID()),
                new ProductId("SKU-1"), 5, 5);
        assertThat(event.occurredOn()).isEqualTo(Instant.parse("2025-01-01T00:00:00.999999Z"));

        assertThatThrownBy(() -> new StockAdded(null, nanos, new InventoryId(UUID.randomUUID()),
                new ProductId("SKU-1"), 5, 5)).hasMessage("eventId is required");
        assertThatThrownBy(() -> new StockAdded(UUID.randomUUID(), null, new InventoryId(UUID.randomUUID()),
                new ProductId("SKU-1"), 5, 5)).hasMessage("occurredOn is required");
        assertThatThrownBy(() -> new StockAdded(UUID.randomUUID(), nanos, new InventoryId(UUID.randomUUID()),
                new ProductId("SKU-1"), 0, 5)).hasMessage("addedQuantity must be > 0, was 0");
        assertThatThrownBy(() -> new PaymentCompleted(UUID.randomUUID(), nanos, new PaymentId(UUID.randomUUID()),
                new OrderId(UUID.randomUUID()), Money.of("1.00", "USD"), " "))
                .hasMessage("transactionId must not be blank");
    }

    @Test
    void onlyAnAdjustmentMayHaveNoOrder() {
        CustomerId customer = new CustomerId("c-1");
        Money five = Money.of("5.00", "USD");
        assertThatCode(() -> new CustomerSpendingUpdated(UUID.randomUUID(), Instant.now(), customer, five, five,
                null, SpendingType.ADJUSTMENT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new CustomerSpendingUpdated(UUID.randomUUID(), Instant.now(), customer, five, five,
                null, SpendingType.REFUND)).hasMessageContaining("orderId is required for a REFUND");
    }

    @Test
    void eventListsAreImmutableCopiesWithoutNulls() {
        List<ProductId> items = new ArrayList<>(List.of(new ProductId("SKU-1")));
        OrderCreated created = new OrderCreated(UUID.randomUUID(), Instant.now(), new OrderId(UUID.randomUUID()),
                new CustomerId("c-1"), Money.of("1.00", "EUR"), items);
        items.add(new ProductId("SKU-2"));
        assertThat(created.items()).containsExactly(new ProductId("SKU-1"));
        assertThatThrownBy(() -> created.items().add(new ProductId("SKU-3")))
                .isInstanceOf(UnsupportedOperationException.class);

        List<ProductId> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new OrderCreated(UUID.randomUUID(), Instant.now(), new OrderId(UUID.randomUUID()),
                new CustomerId("c-1"), Money.of("1.00", "EUR"), withNull)).hasMessage("items[0] is required");
    }
}
