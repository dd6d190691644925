package io.pipebench.benchmarks.store;

/** How a batch's events spread over aggregates (streams). Constant names are the names in the results. */
public enum Shape {
    /** 1 event x N aggregates: what an audit consumer's poll brings (every event a different order). */
    eventPerAggregate,
    /** N events x 1 aggregate: one command handler appending a burst to one stream. */
    oneAggregate
}
