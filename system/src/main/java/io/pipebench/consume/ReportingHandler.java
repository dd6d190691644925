package io.pipebench.consume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipebench.events.StockReserved;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The reporting consumer: the order funnel, payment outcomes and reserved stock, as gauges a report reads. */
public final class ReportingHandler implements EventHandler {

    private static final List<String> FUNNEL = List.of("OrderCreated", "OrderSubmitted", "OrderConfirmed",
            "PaymentCompleted", "PaymentFailed");

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong unitsReserved = new AtomicLong();

    public ReportingHandler(MeterRegistry registry) {
        for (String stage : FUNNEL) {
            AtomicLong count = new AtomicLong();
            counts.put(stage, count);
            Gauge.builder("pipebench.reporting.funnel", count, AtomicLong::get).tag("stage", stage).register(registry);
        }
        Gauge.builder("pipebench.reporting.units.reserved", unitsReserved, AtomicLong::get).register(registry);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent e : events) {
            AtomicLong count = counts.get(e.metadata().eventType());
            if (count != null) {
                count.incrementAndGet();
            }
            if (e.event() instanceof StockReserved r) {
                unitsReserved.addAndGet(r.quantity());
            }
        }
    }

    public long count(String stage) {
        AtomicLong c = counts.get(stage);
        return c == null ? 0 : c.get();
    }
}
