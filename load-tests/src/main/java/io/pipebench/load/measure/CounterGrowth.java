package io.pipebench.load.measure;

/**
 * A remote counter's growth since the first reading of a run. A total below the last one means the remote process
 * restarted and counts from 0 again, so the new total is all growth.
 */
public final class CounterGrowth {

    private long last = -1;
    private long soFar;

    /** Takes the counter's current total; returns its growth since the last reading (0 for the first). */
    public long add(long total) {
        if (last < 0) {
            last = total;
        }
        long delta = total >= last ? total - last : total;
        soFar += delta;
        last = total;
        return delta;
    }

    /** Growth since the first reading. */
    public long soFar() {
        return soFar;
    }
}
