package io.pipebench.store;

/** One aggregate's stream: its type and id. */
public record StreamId(String aggregateType, String aggregateId) {

    public StreamId {
        Require.notBlank(aggregateType, "aggregateType");
        Require.notBlank(aggregateId, "aggregateId");
    }

    @Override
    public String toString() {
        return aggregateType + "/" + aggregateId;
    }
}
