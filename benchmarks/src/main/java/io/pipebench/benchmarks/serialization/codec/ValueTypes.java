package io.pipebench.benchmarks.serialization.codec;

import io.pipebench.events.Address;
import io.pipebench.events.CustomerId;
import io.pipebench.events.CustomerName;
import io.pipebench.events.CustomerStatus;
import io.pipebench.events.Email;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.InventoryId;
import io.pipebench.events.MembershipLevel;
import io.pipebench.events.Money;
import io.pipebench.events.NotificationPreferences;
import io.pipebench.events.OrderId;
import io.pipebench.events.OrderItem;
import io.pipebench.events.PaymentId;
import io.pipebench.events.PaymentMethod;
import io.pipebench.events.Phone;
import io.pipebench.events.ProductId;
import io.pipebench.events.ReservationId;
import io.pipebench.events.SpendingType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * Every class an event can hold, in a fixed order: what the codecs that need class registration (Kryo, Fory)
 * register, so both sides of a registration agree on the ids and nothing unregistered is ever read.
 */
final class ValueTypes {

    private ValueTypes() {
    }

    static List<Class<?>> all(EventTypeRegistry registry) {
        List<Class<?>> classes = new ArrayList<>(List.of(
                UUID.class, Instant.class, BigDecimal.class, Currency.class,
                Money.class, OrderItem.class, Address.class, NotificationPreferences.class,
                CustomerId.class, OrderId.class, PaymentId.class, InventoryId.class, ProductId.class,
                ReservationId.class, CustomerName.class, Email.class, Phone.class,
                CustomerStatus.class, MembershipLevel.class, PaymentMethod.class, SpendingType.class));
        for (EventType type : registry.all()) {
            classes.add(type.javaClass());
        }
        return classes;
    }
}
