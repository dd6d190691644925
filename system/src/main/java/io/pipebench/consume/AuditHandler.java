package io.pipebench.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventMetadata;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.store.AggregateLoader;
import io.pipebench.store.BatchAppendResult;
import io.pipebench.store.EventStore;
import io.pipebench.store.NewEvent;
import io.pipebench.store.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit consumer: writes every event to the event store, one poll batch per transaction, and keeps snapshots
 * every N events. The runner commits offsets after this returns, so a crash between the two redelivers the batch and
 * the store's event-id idempotency absorbs the duplicates.
 */
public final class AuditHandler implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(AuditHandler.class);

    private static final ObjectMapper JSON = JsonEventCodec.newObjectMapper();

    private final DataSource dataSource;
    private final EventStore store;
    private final boolean wireIsJson;
    private final JsonEventCodec storageCodec;
    private final Map<String, AggregateLoader<?>> loaders;
    private final int snapshotEvery;
    private final Duration lockTimeout;
    private final java.util.concurrent.atomic.AtomicLong duplicatesSkipped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong snapshotFailures = new java.util.concurrent.atomic.AtomicLong();
    /** Null unless -Dpipebench.slowdown=store:FACTOR (a fault on purpose). */
    private final io.pipebench.faults.Slowdown slowdown = io.pipebench.faults.Slowdown.forStage("store").orElse(null);

    /**
     * @param wireCodec    the codec records arrive in; when it is JSON the record's bytes are stored as they are
     * @param storageCodec the JSON the store keeps (JSONB), whatever the wire codec
     * @param loaders      snapshot loaders by aggregate type
     * @param lockTimeout  how long a write may wait for a lock before failing (and being retried): a stuck writer
     *                     must not hold the consumer past its poll interval
     */
    public AuditHandler(DataSource dataSource, EventStore store, EventCodec wireCodec, JsonEventCodec storageCodec,
                        Map<String, AggregateLoader<?>> loaders, int snapshotEvery, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.store = store;
        this.wireIsJson = wireCodec.contentType().equals(storageCodec.contentType());
        this.storageCodec = storageCodec;
        this.loaders = Map.copyOf(loaders);
        this.snapshotEvery = snapshotEvery;
        this.lockTimeout = lockTimeout;
    }

    @Override
    public void handle(List<ConsumedEvent> events) throws SQLException {
        List<NewEvent> batch = new ArrayList<>(events.size());
        Map<StreamId, Integer> perStream = new HashMap<>();
        for (ConsumedEvent e : events) {
            EventMetadata md = e.metadata();
            batch.add(new NewEvent(md.eventId(), md.eventType(), md.schemaVersion(), e.event().aggregateType(),
                    e.event().aggregateId(), dataJson(e), metadataJson(e), e.event().occurredOn()));
            perStream.merge(new StreamId(e.event().aggregateType(), e.event().aggregateId()), 1, Integer::sum);
        }
        BatchAppendResult result;
        long storeStart = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
                }
                result = store.appendAll(c, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
        if (slowdown != null) {
            // connection, append and commit: the store stage; spun after the connection is back in the pool, so the
            // fault costs time and CPU but not pool contention
            slowdown.after(System.nanoTime() - storeStart);
        }
        duplicatesSkipped.addAndGet(result.skippedDuplicates());
        // Snapshot only the streams whose version crossed a multiple of N in this batch: one check, not one per stream.
        result.streamVersions().forEach((stream, version) -> {
            long before = version - perStream.getOrDefault(stream, 0);
            if (version / snapshotEvery > Math.max(0, before) / snapshotEvery) {
                AggregateLoader<?> loader = loaders.get(stream.aggregateType());
                if (loader != null) {
                    snapshot(loader, stream);
                }
            }
        });
    }

    /**
     * The batch is committed by now, and a snapshot only shortens later loads: its failure must not fail (and so
     * redeliver or dead-letter) the batch. Counted and logged; the next crossing of a multiple of N tries again.
     */
    private void snapshot(AggregateLoader<?> loader, StreamId stream) {
        try {
            loader.snapshotIfDue(stream.aggregateType(), stream.aggregateId());
        } catch (RuntimeException e) {
            snapshotFailures.incrementAndGet();
            log.warn("Snapshot of {} failed after its events were stored; they are safe, loads replay more: {}",
                    stream, e.toString());
        }
    }

    /** Snapshots that failed after their batch was committed (the batch itself succeeded). */
    public long snapshotFailures() {
        return snapshotFailures.get();
    }

    /** Events delivered again (after a crash or a rebalance) and absorbed by the store's event-id idempotency. */
    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    /** The stored JSON: the record's own bytes when the wire codec is JSON, else the event re-encoded as JSON. */
    private String dataJson(ConsumedEvent e) {
        byte[] bytes = wireIsJson ? e.payload() : storageCodec.encode(e.event());
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String metadataJson(ConsumedEvent e) {
        ObjectNode m = JSON.createObjectNode();
        EventMetadata md = e.metadata();
        if (md.correlationId() != null) {
            m.put("correlationId", md.correlationId().toString());
        }
        if (md.causationId() != null) {
            m.put("causationId", md.causationId().toString());
        }
        m.put("topic", e.topic());
        m.put("partition", e.partition());
        m.put("offset", e.offset());
        m.put("key", e.key());
        return m.toString();
    }
}
