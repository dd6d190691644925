package io.pipebench.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The closed list of event types. Hand-written on purpose: no classpath scanning, and no class is ever loaded by a
 * name read from a message or a table (the design document's {@code Class.forName(eventType)} on database values
 * lets whoever writes a row choose which class gets instantiated). A name is only ever looked up here.
 * Immutable and thread-safe.
 */
public final class EventTypeRegistry {

    private static final EventTypeRegistry STANDARD = new EventTypeRegistry(List.of(
            EventType.v1(CustomerCreated.class, BoundedContext.CUSTOMER),
            EventType.v1(CustomerProfileUpdated.class, BoundedContext.CUSTOMER),
            EventType.v1(CustomerSpendingUpdated.class, BoundedContext.CUSTOMER),
            EventType.v1(CustomerStatusChanged.class, BoundedContext.CUSTOMER),
            EventType.v1(CustomerVipUpgraded.class, BoundedContext.CUSTOMER),
            EventType.v1(DeliveryAddressAdded.class, BoundedContext.CUSTOMER),
            EventType.v1(DeliveryAddressRemoved.class, BoundedContext.CUSTOMER),
            EventType.v1(MembershipLevelUpgraded.class, BoundedContext.CUSTOMER),
            EventType.v1(NotificationPreferencesUpdated.class, BoundedContext.CUSTOMER),
            EventType.v1(RewardPointsEarned.class, BoundedContext.CUSTOMER),
            EventType.v1(RewardPointsRedeemed.class, BoundedContext.CUSTOMER),

            EventType.v1(OrderCreated.class, BoundedContext.ORDER),
            EventType.v1(OrderItemAdded.class, BoundedContext.ORDER),
            EventType.v1(OrderSubmitted.class, BoundedContext.ORDER),
            EventType.v1(OrderConfirmed.class, BoundedContext.ORDER),
            EventType.v1(OrderPaymentRequested.class, BoundedContext.ORDER),
            EventType.v1(OrderInventoryReservationRequested.class, BoundedContext.ORDER),

            EventType.v1(PaymentCreated.class, BoundedContext.PAYMENT),
            EventType.v1(PaymentRequested.class, BoundedContext.PAYMENT),
            EventType.v1(PaymentCompleted.class, BoundedContext.PAYMENT),
            EventType.v1(PaymentFailed.class, BoundedContext.PAYMENT),

            EventType.v1(InventoryCreated.class, BoundedContext.INVENTORY),
            EventType.v1(StockAdded.class, BoundedContext.INVENTORY),
            EventType.v1(StockReserved.class, BoundedContext.INVENTORY)));

    private final List<EventType> all;
    private final Map<String, EventType> byName;
    private final Map<Class<?>, EventType> byClass;
    private final Map<BoundedContext, List<EventType>> byContext;

    /**
     * A registry of exactly these types, in this order.
     *
     * @throws IllegalArgumentException if a name or class appears twice, or a class is not an event of its context
     */
    public EventTypeRegistry(List<EventType> types) {
        this.all = List.copyOf(types);
        Map<String, EventType> names = new HashMap<>();
        Map<Class<?>, EventType> classes = new HashMap<>();
        Map<BoundedContext, List<EventType>> contexts = new HashMap<>();
        for (BoundedContext context : BoundedContext.values()) {
            contexts.put(context, new ArrayList<>());
        }
        for (EventType type : all) {
            if (!contextInterface(type.context()).isAssignableFrom(type.javaClass())) {
                throw new IllegalArgumentException(type.javaClass().getName() + " is registered for context "
                        + type.context() + " but does not implement " + contextInterface(type.context()).getName());
            }
            if (names.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("event type name '" + type.name() + "' is registered twice");
            }
            if (classes.putIfAbsent(type.javaClass(), type) != null) {
                throw new IllegalArgumentException(type.javaClass().getName() + " is registered twice");
            }
            contexts.get(type.context()).add(type);
        }
        contexts.replaceAll((context, list) -> List.copyOf(list));
        this.byName = Map.copyOf(names);
        this.byClass = Map.copyOf(classes);
        this.byContext = Collections.unmodifiableMap(contexts);
    }

    /** The 24 events of the source system, all at schema version 1. */
    public static EventTypeRegistry standard() {
        return STANDARD;
    }

    /** @throws IllegalArgumentException naming the class if it is not registered */
    public EventType typeOf(DomainEvent event) {
        return typeOf(Require.nonNull(event, "event").getClass());
    }

    /** @throws IllegalArgumentException naming the class if it is not registered */
    public EventType typeOf(Class<?> javaClass) {
        EventType type = byClass.get(Require.nonNull(javaClass, "javaClass"));
        if (type == null) {
            throw new IllegalArgumentException(javaClass.getName() + " is not a registered event type;"
                    + " add it to the EventTypeRegistry list");
        }
        return type;
    }

    public Optional<EventType> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** Every type, in registration order. */
    public List<EventType> all() {
        return all;
    }

    /** The types of one context, in registration order. */
    public List<EventType> ofContext(BoundedContext context) {
        return byContext.get(Require.nonNull(context, "context"));
    }

    private static Class<? extends DomainEvent> contextInterface(BoundedContext context) {
        return switch (context) {
            case CUSTOMER -> CustomerEvent.class;
            case ORDER -> OrderEvent.class;
            case PAYMENT -> PaymentEvent.class;
            case INVENTORY -> InventoryEvent.class;
        };
    }
}
