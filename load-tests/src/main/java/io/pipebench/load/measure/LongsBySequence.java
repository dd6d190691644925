package io.pipebench.load.measure;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One long per record of a run, by sequence number, kept in memory: the send and intended times (so the end-to-end
 * tracker and the consumers' reports, in the same JVM, can measure latency without a time header on every record),
 * and the halves of stored event ids. Each slot is written by one thread and read by others; pages are allocated on
 * first use, 8 bytes per record. 0 means "not recorded". Written by hand for the same reason as {@link SequenceSet}.
 */
public final class LongsBySequence {

    private static final int SLOTS_PER_PAGE = 1 << 16;
    private static final int MAX_PAGES = 1 << 16;

    private final AtomicReferenceArray<AtomicLongArray> pages = new AtomicReferenceArray<>(MAX_PAGES);

    public void put(long sequence, long nanos) {
        page(sequence, true).set((int) (sequence % SLOTS_PER_PAGE), nanos);
    }

    /** The value, or {@link Long#MIN_VALUE} when none was recorded. */
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
