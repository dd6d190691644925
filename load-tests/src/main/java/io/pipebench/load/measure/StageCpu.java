package io.pipebench.load.measure;

import java.util.concurrent.atomic.LongAdder;

/** A stage's thread CPU time and the records it was spent on, added from the stage's threads. */
final class StageCpu {

    private final LongAdder nanos = new LongAdder();
    private final LongAdder records = new LongAdder();

    void add(long cpuNanos, long recordCount) {
        nanos.add(cpuNanos);
        records.add(recordCount);
    }

    long records() {
        return records.sum();
    }

    /** CPU microseconds per record; NaN with no records. */
    double microsPerRecord() {
        long n = records.sum();
        return n == 0 ? Double.NaN : nanos.sum() / 1000.0 / n;
    }
}
