package io.pipebench.store;

/**
 * An aggregate's state as of {@code version}, built from the snapshot at {@code snapshotVersion} (0 = none) plus
 * {@code eventsApplied} later events.
 */
public record LoadedAggregate<S>(StreamId stream, S state, long version, long snapshotVersion, int eventsApplied) {
}
