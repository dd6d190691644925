package io.pipebench.store;

/**
 * How to rebuild one kind of aggregate state from its events, and how to store that state in a snapshot.
 * {@code apply} sees events in version order and returns the next state (it may return the same, mutated object).
 *
 * @param <S> the state
 */
public interface AggregateFold<S> {

    /** The state of an aggregate with no events. */
    S initial();

    /** The state after {@code event}. */
    S apply(S state, StoredEvent event);

    /** The state as snapshot JSON. */
    String toJson(S state);

    /** The state from snapshot JSON written by {@link #toJson}. */
    S fromJson(String json);
}
