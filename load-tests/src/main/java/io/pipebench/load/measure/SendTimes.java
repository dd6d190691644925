package io.pipebench.load.measure;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The send time of every record of a run, by sequence number, kept in memory so the end-to-end tracker (in the same
 * JVM) can measure produce-to-consume latency without a send-time header on every record. Written by the sending
 * threads (one slot each), read by the tracker; pages are allocated on first use, 8 bytes per record. Written by hand
 * for the same reason as {@link SequenceSet}.
 */
public final class SendTimes {

    private static final int SLOTS_PER_PAGE = 1 << 16;
    private static final int MAX_PAGES = 1 << 16;

    private final AtomicReferenceArray<AtomicLongArray> pages = new AtomicReferenceArray<>(MAX_PAGES);

    public void put(long sequence, long nanos) {
        page(sequence, true).set((int) (sequence % SLOTS_PER_PAGE), nanos);
    }

    /** The send time, or {@link Long#MIN_VALUE} when none was recorded. */
    public long get(long sequence) {
        AtomicLongArray page = page(sequence, false);
        if (page == null) {
            return Long.MIN_VALUE;
        }
        long v = page.get((int) (sequence % SLOTS_PER_PAGE));
        return v == 0 ? Long.MIN_VALUE : v;
    }

    private AtomicLongArray page(long sequence, boolean create) {
        long index = sequence / SLOTS_PER_PAGE;
        if (sequence < 0 || index >= MAX_PAGES) {
            throw new IllegalArgumentException("sequence " + sequence + " is out of range");
        }
        AtomicLongArray page = pages.get((int) index);
        if (page == null && create) {
            pages.compareAndSet((int) index, null, new AtomicLongArray(SLOTS_PER_PAGE));
            page = pages.get((int) index);
        }
        return page;
    }
}
