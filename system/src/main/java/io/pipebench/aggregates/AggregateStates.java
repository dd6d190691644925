package io.pipebench.aggregates;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.CustomerCreated;
import io.pipebench.events.CustomerProfileUpdated;
import io.pipebench.events.CustomerSpendingUpdated;
import io.pipebench.events.CustomerStatusChanged;
import io.pipebench.events.CustomerVipUpgraded;
import io.pipebench.events.DeliveryAddressAdded;
import io.pipebench.events.DeliveryAddressRemoved;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.InventoryCreated;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.events.MembershipLevelUpgraded;
import io.pipebench.events.OrderConfirmed;
import io.pipebench.events.OrderCreated;
import io.pipebench.events.OrderInventoryReservationRequested;
import io.pipebench.events.OrderItemAdded;
import io.pipebench.events.OrderPaymentRequested;
import io.pipebench.events.OrderSubmitted;
import io.pipebench.events.PaymentCompleted;
import io.pipebench.events.PaymentCreated;
import io.pipebench.events.PaymentFailed;
import io.pipebench.events.PaymentRequested;
import io.pipebench.events.RewardPointsEarned;
import io.pipebench.events.RewardPointsRedeemed;
import io.pipebench.events.StockAdded;
import io.pipebench.events.StockReserved;
import io.pipebench.store.AggregateFold;
import io.pipebench.store.StoredEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The state of each aggregate type, rebuilt from its events, and the folds the event store snapshots with.
 * Folds are total: an event out of the usual order (a reservation before the stock was created, as a random load
 * produces) updates what it can and never throws.
 */
public final class AggregateStates {

    private static final ObjectMapper JSON = JsonEventCodec.newObjectMapper();

    private AggregateStates() {
    }

    /** Mutable on purpose: a fold over thousands of events should not copy the state at each one. */
    public static final class Customer {
        public String name;
        public String email;
        public String membershipLevel;
        public String status;
        public BigDecimal totalSpending = BigDecimal.ZERO;
        public int rewardPoints;
        public int addressCount;
        public long events;
    }

    public static final class Order {
        public String customerId;
        public String status = "NEW";
        public int itemCount;
        public BigDecimal totalAmount = BigDecimal.ZERO;
        public boolean paymentRequested;
        public boolean reservationRequested;
        public long events;
    }

    public static final class Payment {
        public String orderId;
        public String status = "NEW";
        public BigDecimal amount = BigDecimal.ZERO;
        public int failures;
        public long events;
    }

    public static final class Inventory {
        public String productId;
        public int available;
        public int reserved;
        public long events;
    }

    /** The fold for each context's aggregate, decoding stored events with the registry's types. */
    public static Map<BoundedContext, AggregateFold<?>> folds(EventCodec codec) {
        Map<BoundedContext, AggregateFold<?>> folds = new EnumMap<>(BoundedContext.class);
        folds.put(BoundedContext.CUSTOMER, new Fold<>(Customer.class, Customer::new, AggregateStates::applyCustomer, codec));
        folds.put(BoundedContext.ORDER, new Fold<>(Order.class, Order::new, AggregateStates::applyOrder, codec));
        folds.put(BoundedContext.PAYMENT, new Fold<>(Payment.class, Payment::new, AggregateStates::applyPayment, codec));
        folds.put(BoundedContext.INVENTORY, new Fold<>(Inventory.class, Inventory::new, AggregateStates::applyInventory,
                codec));
        return folds;
    }

    static Customer applyCustomer(Customer s, DomainEvent e) {
        s.events++;
        if (e instanceof CustomerCreated c) {
            s.name = c.customerName().value();
            s.email = c.email().value();
            s.membershipLevel = c.membershipLevel().name();
            s.status = "ACTIVE";
        } else if (e instanceof CustomerProfileUpdated u) {
            s.name = u.newName().value();
            s.email = u.newEmail().value();
        } else if (e instanceof CustomerSpendingUpdated sp) {
            s.totalSpending = sp.totalSpending().amount();
        } else if (e instanceof CustomerStatusChanged st) {
            s.status = st.newStatus().name();
        } else if (e instanceof CustomerVipUpgraded v) {
            s.membershipLevel = v.newLevel().name();
        } else if (e instanceof MembershipLevelUpgraded m) {
            s.membershipLevel = m.newLevel().name();
        } else if (e instanceof DeliveryAddressAdded a) {
            s.addressCount = a.totalAddressCount();
        } else if (e instanceof DeliveryAddressRemoved r) {
            s.addressCount = r.remainingAddressCount();
        } else if (e instanceof RewardPointsEarned p) {
            s.rewardPoints = p.totalPoints();
        } else if (e instanceof RewardPointsRedeemed p) {
            s.rewardPoints = p.remainingPoints();
        }
        return s;
    }

    static Order applyOrder(Order s, DomainEvent e) {
        s.events++;
        if (e instanceof OrderCreated c) {
            s.customerId = c.customerId().value();
            s.status = "CREATED";
            s.itemCount = c.items().size();
            s.totalAmount = c.totalAmount().amount();
        } else if (e instanceof OrderItemAdded i) {
            s.itemCount += i.quantity();
            s.totalAmount = s.totalAmount.add(i.price().amount().multiply(BigDecimal.valueOf(i.quantity())));
        } else if (e instanceof OrderSubmitted sub) {
            s.status = "SUBMITTED";
            s.totalAmount = sub.totalAmount().amount();
        } else if (e instanceof OrderConfirmed) {
            s.status = "CONFIRMED";
        } else if (e instanceof OrderPaymentRequested) {
            s.paymentRequested = true;
        } else if (e instanceof OrderInventoryReservationRequested) {
            s.reservationRequested = true;
        }
        return s;
    }

    static Payment applyPayment(Payment s, DomainEvent e) {
        s.events++;
        if (e instanceof PaymentCreated c) {
            s.orderId = c.orderId().value().toString();
            s.amount = c.amount().amount();
            s.status = "CREATED";
        } else if (e instanceof PaymentRequested) {
            s.status = "REQUESTED";
        } else if (e instanceof PaymentCompleted) {
            s.status = "COMPLETED";
        } else if (e instanceof PaymentFailed) {
            s.status = "FAILED";
            s.failures++;
        }
        return s;
    }

    static Inventory applyInventory(Inventory s, DomainEvent e) {
        s.events++;
        if (e instanceof InventoryCreated c) {
            s.productId = c.productId().value();
            s.available = c.initialQuantity();
        } else if (e instanceof StockAdded a) {
            s.available = a.newTotalQuantity();
        } else if (e instanceof StockReserved r) {
            s.reserved += r.quantity();
            s.available = r.remainingQuantity();
        }
        return s;
    }

    /** Decodes each stored event with the codec (never by a class name read from the table) and applies it. */
    private record Fold<S>(Class<S> type, java.util.function.Supplier<S> empty,
                           java.util.function.BiFunction<S, DomainEvent, S> step, EventCodec codec)
            implements AggregateFold<S> {

        public S initial() {
            return empty.get();
        }

        public S apply(S state, StoredEvent event) {
            DomainEvent decoded = codec.decode(event.eventType(), event.schemaVersion(),
                    event.dataJson().getBytes(StandardCharsets.UTF_8));
            return step.apply(state, decoded);
        }

        public String toJson(S state) {
            try {
                return JSON.writeValueAsString(state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public S fromJson(String json) {
            try {
                return JSON.readValue(json, type);
            } catch (IOException e) {
                throw new UncheckedIOException("Snapshot of " + type.getSimpleName() + " is unreadable", e);
            }
        }
    }
}
