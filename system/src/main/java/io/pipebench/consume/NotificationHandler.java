package io.pipebench.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notification consumer: turns the events a customer hears about into notifications. Sending is counted, not
 * delivered: the reference system has no mail or SMS gateway, and the harness measures the pipeline up to here.
 */
public final class NotificationHandler implements EventHandler {

    /** Which events notify a customer, and as what. */
    static final Map<String, String> KINDS = Map.of(
            "CustomerCreated", "welcome",
            "CustomerVipUpgraded", "vip-welcome",
            "RewardPointsEarned", "points-earned",
            "OrderConfirmed", "order-confirmation",
            "PaymentCompleted", "payment-receipt",
            "PaymentFailed", "payment-failure");

    private final MeterRegistry registry;
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();

    public NotificationHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent e : events) {
            String kind = KINDS.get(e.metadata().eventType());
            if (kind != null) {
                sent.computeIfAbsent(kind, k -> Counter.builder("pipebench.notifications.sent").tag("kind", k)
                        .register(registry)).increment();
            }
        }
    }
}
