package io.pipebench.store;

import java.time.Instant;

/** An aggregate's folded state as of {@code version}, as JSON. */
public record Snapshot(StreamId stream, long version, String dataJson, Instant takenAt) {
}
