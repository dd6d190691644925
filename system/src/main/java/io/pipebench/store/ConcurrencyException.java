package io.pipebench.store;

/**
 * Another writer appended to the stream since this writer read it: the stream is at {@code actualVersion}, not at
 * the {@code expectedVersion} the writer based its decision on. Reload the aggregate and decide again.
 */
public final class ConcurrencyException extends EventStoreException {

    private final StreamId stream;
    private final long expectedVersion;
    private final long actualVersion;

    public ConcurrencyException(StreamId stream, long expectedVersion, long actualVersion) {
        super("Stream " + stream + " is at version " + actualVersion + ", but the append expected version "
                + expectedVersion + ": another writer got there first; reload the aggregate and retry the command");
        this.stream = stream;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public StreamId stream() {
        return stream;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
