package io.pipebench.benchmarks.store;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Fresh rows for every batch: new event ids and new aggregates each time (so unique keys never collide and every
 * stream starts at version 1), over a pool of 1024 real Order events encoded by the system's JSON codec. Payloads
 * repeat across batches; PostgreSQL parses and stores each JSONB value anyway, so that costs the same as new ones.
 * Not thread-safe.
 */
final class RowSource {

    private static final int POOL = 1024;

    private final List<DomainEvent> events = new ArrayList<>(POOL);
    private final List<String> json = new ArrayList<>(POOL);
    private final SplittableRandom random;
    private int next;

    RowSource() {
        this(7);
    }

    /** Ids from {@code seed}: a table kept between runs needs ids no earlier run used. */
    RowSource(long seed) {
        random = new SplittableRandom(seed);
        EventTypeRegistry registry = EventTypeRegistry.standard();
        EventFactory factory = new EventFactory(registry, 42,
                Clock.fixed(Instant.parse("2025-01-15T10:30:00.123456Z"), ZoneOffset.UTC));
        JsonEventCodec codec = new JsonEventCodec(registry);
        List<EventType> orderTypes = registry.ofContext(BoundedContext.ORDER);
        for (int i = 0; i < POOL; i++) {
            DomainEvent event = factory.create(orderTypes.get(i % orderTypes.size()).name());
            events.add(event);
            json.add(new String(codec.encode(event), StandardCharsets.UTF_8));
        }
    }

    /** {@code size} rows shaped as asked, all for aggregates never used before. */
    List<Row> next(int size, Shape shape) {
        List<Row> rows = new ArrayList<>(size);
        String stream = uuid().toString();
        for (int i = 0; i < size; i++) {
            int k = next++ & (POOL - 1);
            DomainEvent event = events.get(k);
            boolean oneStream = shape == Shape.oneAggregate;
            rows.add(new Row(uuid(), event.getClass().getSimpleName(), "Order",
                    oneStream ? stream : uuid().toString(), oneStream ? i + 1 : 1, json.get(k), event.occurredOn()));
        }
        return rows;
    }

    private UUID uuid() {
        return new UUID((random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x4000L,
                (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    }
}
