package io.pipebench.store;

import java.util.Optional;

/**
 * Loads aggregates as latest snapshot + the events after it, and keeps snapshots every {@code snapshotEvery}
 * events (50 by default, the source system's rule), so a load replays fewer than {@code snapshotEvery} events plus
 * whatever arrived since the last {@link #snapshotIfDue} call.
 *
 * @param <S> the aggregate state the fold builds
 */
public final class AggregateLoader<S> {

    /** The source system's rule: snapshot every 50 events. */
    public static final int DEFAULT_SNAPSHOT_EVERY = 50;

    private final EventStore store;
    private final SnapshotStore snapshots;
    private final AggregateFold<S> fold;
    private final int snapshotEvery;

    public AggregateLoader(EventStore store, SnapshotStore snapshots, AggregateFold<S> fold) {
        this(store, snapshots, fold, DEFAULT_SNAPSHOT_EVERY);
    }

    public AggregateLoader(EventStore store, SnapshotStore snapshots, AggregateFold<S> fold, int snapshotEvery) {
        Require.notNull(store, "store", "pass the EventStore to read events from");
        Require.notNull(snapshots, "snapshots", "pass a SnapshotStore on the same Database");
        Require.notNull(fold, "fold", "pass the AggregateFold that rebuilds this aggregate's state");
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be >= 1 (was " + snapshotEvery + "); the default is "
                    + DEFAULT_SNAPSHOT_EVERY);
        }
        this.store = store;
        this.snapshots = snapshots;
        this.fold = fold;
        this.snapshotEvery = snapshotEvery;
    }

    /** The aggregate's current state: its latest snapshot, if any, plus every later event. Writes nothing. */
    public LoadedAggregate<S> load(String aggregateType, String aggregateId) {
        return foldUpTo(new StreamId(aggregateType, aggregateId), snapshots.load(aggregateType, aggregateId),
                Long.MAX_VALUE);
    }

    /**
     * Writes a snapshot if the stream has crossed a multiple of {@code snapshotEvery} since its latest snapshot: the
     * state at exactly the highest such multiple, so snapshots sit at 50, 100, 150, ... however events were batched.
     * Cheap when nothing is due (one or two small queries); call it for the streams a batch touched.
     *
     * @return whether a snapshot was written
     */
    public boolean snapshotIfDue(String aggregateType, String aggregateId) {
        StreamId stream = new StreamId(aggregateType, aggregateId);
        long current = store.currentVersion(aggregateType, aggregateId);
        long due = current - current % snapshotEvery;
        if (due == 0) {
            return false;
        }
        Optional<Snapshot> latest = snapshots.load(aggregateType, aggregateId);
        if (latest.isPresent() && latest.get().version() >= due) {
            return false;
        }
        LoadedAggregate<S> atDue = foldUpTo(stream, latest, due);
        return snapshots.save(aggregateType, aggregateId, atDue.version(), fold.toJson(atDue.state()));
    }

    private LoadedAggregate<S> foldUpTo(StreamId stream, Optional<Snapshot> snapshot, long toVersion) {
        long snapshotVersion = snapshot.map(Snapshot::version).orElse(0L);
        S state = snapshot.map(s -> fold.fromJson(s.dataJson())).orElseGet(fold::initial);
        long version = snapshotVersion;
        int applied = 0;
        for (StoredEvent event : store.readStream(stream.aggregateType(), stream.aggregateId(), snapshotVersion + 1,
                toVersion)) {
            // Versions are gap-free by construction (V1's unique key, the append functions); a gap here means
            // the table was edited by hand.
            if (event.version() != version + 1) {
                throw new EventStoreException("Stream " + stream + " jumps from version " + version + " to "
                        + event.version() + ": the events table was changed outside the event store");
            }
            state = fold.apply(state, event);
            version = event.version();
            applied++;
        }
        if (toVersion != Long.MAX_VALUE && version != toVersion) {
            throw new EventStoreException("Stream " + stream + " ends at version " + version + ", expected at least "
                    + toVersion);
        }
        return new LoadedAggregate<>(stream, state, version, snapshotVersion, applied);
    }
}
