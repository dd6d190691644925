package io.pipebench.store;

/**
 * What {@link EventStore#append} did. The batch occupies versions {@code firstVersion..lastVersion} of the stream;
 * {@code lastVersion} is the expected version for the writer's next append. {@code alreadyStored} is true when the
 * call was a replay of a batch stored before (same ids, same positions) and nothing was written.
 */
public record AppendResult(StreamId stream, long firstVersion, long lastVersion, boolean alreadyStored) {
}
