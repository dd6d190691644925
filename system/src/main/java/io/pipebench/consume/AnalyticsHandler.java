package io.pipebench.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipebench.events.PaymentCompleted;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/** The analytics consumer: counts events by type and sums completed payments by currency, in memory. */
public final class AnalyticsHandler implements EventHandler {

    private final MeterRegistry registry;
    private final Map<String, Counter> byType = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> revenue = new ConcurrentHashMap<>();

    public AnalyticsHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent e : events) {
            byType.computeIfAbsent(e.metadata().eventType(), t -> Counter.builder("pipebench.analytics.events")
                    .tag("event_type", t).register(registry)).increment();
            if (e.event() instanceof PaymentCompleted p) {
                String currency = p.amount().currency().getCurrencyCode();
                revenue.computeIfAbsent(currency, c -> {
                    DoubleAdder adder = new DoubleAdder();
                    Gauge.builder("pipebench.analytics.revenue", adder, DoubleAdder::sum).tag("currency", c)
                            .register(registry);
                    return adder;
                }).add(p.amount().amount().doubleValue());
            }
        }
    }

    public Map<String, Double> revenueByCurrency() {
        Map<String, Double> out = new java.util.TreeMap<>();
        revenue.forEach((c, a) -> out.put(c, a.sum()));
        return out;
    }
}
