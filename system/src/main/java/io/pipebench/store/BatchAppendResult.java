package io.pipebench.store;

import java.util.Map;

/**
 * What {@link EventStore#appendAll} did: how many events it wrote, how many it skipped because their ids were
 * already stored (or repeated in the list), and the new version of every stream it wrote to (the streams to pass
 * to {@link AggregateLoader#snapshotIfDue}).
 */
public record BatchAppendResult(int appended, int skippedDuplicates, Map<StreamId, Long> streamVersions) {

    public BatchAppendResult {
        streamVersions = Map.copyOf(streamVersions);
    }

    static final BatchAppendResult EMPTY = new BatchAppendResult(0, 0, Map.of());
}
