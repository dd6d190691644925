package io.pipebench.publish;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which topic an event goes to: its context's topic. The design document routed by class names that do not exist
 * (PaymentProcessedEvent, InventoryReservedEvent...) and sent every real event to a {@code default-events} topic that
 * is never created; here an event without a route is refused at the call.
 */
public final class TopicRouter {

    public static final String DEAD_LETTER_TOPIC = "dead-letter-queue";

    private final EventTypeRegistry registry;
    private final Map<BoundedContext, String> topics;

    public TopicRouter(EventTypeRegistry registry, Map<BoundedContext, String> topics) {
        this.registry = registry;
        this.topics = new EnumMap<>(topics);
    }

    /** The document's four topics. */
    public static TopicRouter standard(EventTypeRegistry registry) {
        return new TopicRouter(registry, Map.of(
                BoundedContext.CUSTOMER, "customer-events",
                BoundedContext.ORDER, "order-events",
                BoundedContext.PAYMENT, "payment-events",
                BoundedContext.INVENTORY, "inventory-events"));
    }

    /** The topic of this event; throws {@link UnroutableEventException} for an unregistered type or context. */
    public String topicFor(DomainEvent event) {
        EventType type;
        try {
            type = registry.typeOf(event);
        } catch (IllegalArgumentException e) {
            throw new UnroutableEventException("No route for " + event.getClass().getName()
                    + ": it is not a registered event type (" + e.getMessage() + ")");
        }
        return topicFor(type.context());
    }

    public String topicFor(BoundedContext context) {
        String topic = topics.get(context);
        if (topic == null) {
            throw new UnroutableEventException("No topic is configured for the " + context + " context");
        }
        return topic;
    }

    public Map<BoundedContext, String> routes() {
        return Map.copyOf(topics);
    }
}
