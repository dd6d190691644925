package io.pipebench.load.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A set of non-negative record sequence numbers, one bit each, that many threads add to at once: the producer's
 * acknowledgements and the end-to-end consumer. Written by hand because no library on the class path offers a
 * concurrent bitmap (java.util.BitSet and RoaringBitmap are single-threaded); pages of bits are allocated on first
 * use, so memory follows the highest sequence, 1 bit per record (100 M records = 12.5 MB).
 */
public final class SequenceSet {

    private static final int WORDS_PER_PAGE = 1 << 14;          // 16 K words = 1 M bits per page
    private static final long BITS_PER_PAGE = 64L * WORDS_PER_PAGE;
    private static final int MAX_PAGES = 1 << 14;               // 16 G sequences

    private final AtomicReferenceArray<AtomicLongArray> pages = new AtomicReferenceArray<>(MAX_PAGES);

    /** Adds the sequence; true if it was not in the set before. */
    public boolean add(long sequence) {
        AtomicLongArray page = page(sequence, true);
        int word = (int) ((sequence % BITS_PER_PAGE) >>> 6);
        long bit = 1L << (sequence & 63);
        while (true) {
            long current = page.get(word);
            if ((current & bit) != 0) {
                return false;
            }
            if (page.compareAndSet(word, current, current | bit)) {
                return true;
            }
        }
    }

    public boolean contains(long sequence) {
        AtomicLongArray page = page(sequence, false);
        return page != null && (page.get((int) ((sequence % BITS_PER_PAGE) >>> 6)) & (1L << (sequence & 63))) != 0;
    }

    /** How many sequences the set holds. */
    public long size() {
        long n = 0;
        for (int p = 0; p < MAX_PAGES; p++) {
            AtomicLongArray page = pages.get(p);
            if (page != null) {
                for (int w = 0; w < WORDS_PER_PAGE; w++) {
                    n += Long.bitCount(page.get(w));
                }
            }
        }
        return n;
    }

    /** How many sequences of this set are not in {@code other}. */
    public long countNotIn(SequenceSet other) {
        long n = 0;
        for (int p = 0; p < MAX_PAGES; p++) {
            AtomicLongArray mine = pages.get(p);
            if (mine == null) {
                continue;
            }
            AtomicLongArray theirs = other.pages.get(p);
            for (int w = 0; w < WORDS_PER_PAGE; w++) {
                n += Long.bitCount(mine.get(w) & ~(theirs == null ? 0 : theirs.get(w)));
            }
        }
        return n;
    }

    /** Up to {@code limit} sequences of this set that are not in {@code other}, lowest first (for the report). */
    public List<Long> firstNotIn(SequenceSet other, int limit) {
        List<Long> out = new ArrayList<>();
        for (int p = 0; p < MAX_PAGES && out.size() < limit; p++) {
            AtomicLongArray mine = pages.get(p);
            if (mine == null) {
                continue;
            }
            AtomicLongArray theirs = other.pages.get(p);
            for (int w = 0; w < WORDS_PER_PAGE && out.size() < limit; w++) {
                long missing = mine.get(w) & ~(theirs == null ? 0 : theirs.get(w));
                while (missing != 0 && out.size() < limit) {
                    int b = Long.numberOfTrailingZeros(missing);
                    out.add(p * BITS_PER_PAGE + w * 64L + b);
                    missing &= missing - 1;
                }
            }
        }
        return out;
    }

    /** Every sequence of the set, lowest first. */
    public void forEach(java.util.function.LongConsumer action) {
        for (int p = 0; p < MAX_PAGES; p++) {
            AtomicLongArray mine = pages.get(p);
            if (mine == null) {
                continue;
            }
            for (int w = 0; w < WORDS_PER_PAGE; w++) {
                long bits = mine.get(w);
                while (bits != 0) {
                    int b = Long.numberOfTrailingZeros(bits);
                    action.accept(p * BITS_PER_PAGE + w * 64L + b);
                    bits &= bits - 1;
                }
            }
        }
    }

    /**
     * Writes the set's non-empty pages (index and words): another process reads it back with {@link #readFrom}.
     * Hand-written for the same reason as the set itself; callers compress the stream (runs of acknowledged records
     * are dense, so their pages compress well).
     */
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        for (int p = 0; p < MAX_PAGES; p++) {
            AtomicLongArray page = pages.get(p);
            if (page != null) {
                out.writeInt(p);
                for (int w = 0; w < WORDS_PER_PAGE; w++) {
                    out.writeLong(page.get(w));
                }
            }
        }
        out.writeInt(-1);
    }

    /** The set {@link #writeTo} wrote. */
    public static SequenceSet readFrom(java.io.DataInputStream in) throws java.io.IOException {
        SequenceSet set = new SequenceSet();
        for (int p = in.readInt(); p >= 0; p = in.readInt()) {
            if (p >= MAX_PAGES) {
                throw new java.io.IOException("page " + p + " is beyond a sequence set's range: not a sequence set");
            }
            AtomicLongArray page = new AtomicLongArray(WORDS_PER_PAGE);
            for (int w = 0; w < WORDS_PER_PAGE; w++) {
                page.set(w, in.readLong());
            }
            set.pages.set(p, page);
        }
        return set;
    }

    private AtomicLongArray page(long sequence, boolean create) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence numbers are >= 0, was " + sequence);
        }
        long index = sequence / BITS_PER_PAGE;
        if (index >= MAX_PAGES) {
            throw new IllegalArgumentException("sequence " + sequence + " is beyond the set's range");
        }
        AtomicLongArray page = pages.get((int) index);
        if (page == null && create) {
            pages.compareAndSet((int) index, null, new AtomicLongArray(WORDS_PER_PAGE));
            page = pages.get((int) index);
        }
        return page;
    }
}
