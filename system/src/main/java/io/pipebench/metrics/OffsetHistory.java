package io.pipebench.metrics;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The log-end offsets one partition had over time, as the monitor saw them, to turn an offset into an approximate
 * append time: the approach of kafka-lag-exporter (a per-partition table of offset and wall-clock time, interpolated
 * linearly between the two points around the offset). Consecutive samples with the same log-end offset are kept as
 * one point with the first and last time it was seen, so an idle partition costs one point.
 */
final class OffsetHistory {

    /** When the record at an offset was appended; a lower bound when it predates the history. */
    record Estimate(long appendTimeMs, boolean lowerBound) {
    }

    private static final class Point {
        final long offset;
        final long firstSeenMs;
        long lastSeenMs;

        Point(long offset, long seenMs) {
            this.offset = offset;
            this.firstSeenMs = seenMs;
            this.lastSeenMs = seenMs;
        }
    }

    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private final int limit;

    OffsetHistory(int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("history limit must be >= 2, not " + limit);
        }
        this.limit = limit;
    }

    void record(long logEndOffset, long nowMs) {
        Point last = points.peekLast();
        if (last != null && logEndOffset == last.offset) {
            last.lastSeenMs = nowMs;
            return;
        }
        if (last != null && logEndOffset < last.offset) {
            points.clear(); // truncated or re-created: the old points describe another log
        }
        points.addLast(new Point(logEndOffset, nowMs));
        while (points.size() > limit) {
            points.removeFirst();
        }
    }

    /**
     * When the record at {@code offset} was appended, for an offset below the latest log end. The record at offset o
     * moved the log end from o to o + 1, somewhere between the last time the log end was seen at or below o and the
     * first time it was seen above; the estimate interpolates linearly in between.
     */
    Optional<Estimate> appendTime(long offset) {
        Point newer = null;
        for (Iterator<Point> it = points.descendingIterator(); it.hasNext(); ) {
            Point p = it.next();
            if (p.offset <= offset) {
                if (newer == null) {
                    return Optional.empty(); // offset at or past the log end: nothing waits
                }
                double fraction = (double) (offset + 1 - p.offset) / (newer.offset - p.offset);
                long t = p.lastSeenMs + Math.round(fraction * (newer.firstSeenMs - p.lastSeenMs));
                return Optional.of(new Estimate(t, false));
            }
            newer = p;
        }
        // Older than every point: appended before the first time we saw this partition.
        return newer == null ? Optional.empty() : Optional.of(new Estimate(newer.firstSeenMs, true));
    }

    /** Drops points no group needs: keeps the newest point at or below the smallest committed offset, and later ones. */
    void prune(long minCommittedOffset) {
        while (points.size() > 1) {
            Iterator<Point> it = points.iterator();
            it.next();
            if (it.next().offset <= minCommittedOffset) {
                points.removeFirst();
            } else {
                break;
            }
        }
    }

    int size() {
        return points.size();
    }
}
