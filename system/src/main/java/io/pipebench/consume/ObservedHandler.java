package io.pipebench.consume;

import io.pipebench.faults.Slowdown;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A group's handler, timed and reported to a {@link HandledListener} after each successful call, and slowed on
 * purpose when {@code -Dpipebench.slowdown=consume:<group>:FACTOR} names the group.
 *
 * <p>The CPU reported is the member thread's since its previous call returned, this call included: polling,
 * decoding, handling and committing, i.e. what the group costs per record. Why not the handler alone: most handlers
 * take about a microsecond, the order of the two thread-clock reads around them, so a slower group would not show
 * there. The slowdown spins (FACTOR - 1) times that same span in CPU after the handler returned (outside its timed
 * call, so processing latency is not inflated by a spin a hundred times the handler), so the group's whole work costs
 * FACTOR times more. A thread's first call has no previous one: its CPU is unmeasured (-1) and the slowdown falls back
 * to the handler's wall time.
 */
public final class ObservedHandler implements EventHandler {

    private final EventHandler inner;
    private final String groupId;
    private final HandledListener listener;
    private final Slowdown slowdown;
    private final LongSupplier threadCpu;
    private final LongSupplier wallClock;
    /** Each member of a group polls on its own thread: its CPU clock when its last call returned, -1 before. */
    private final ThreadLocal<long[]> lastReturn = ThreadLocal.withInitial(() -> new long[] {-1});

    /**
     * @param slowdown  null unless this group is slowed on purpose
     * @param threadCpu the calling thread's CPU clock in nanoseconds, negative where unmeasurable
     *                  ({@code io.pipebench.metrics.ThreadCpu::nanos})
     */
    public ObservedHandler(EventHandler inner, String groupId, HandledListener listener, Slowdown slowdown,
                           LongSupplier threadCpu) {
        this(inner, groupId, listener, slowdown, threadCpu, System::nanoTime);
    }

    ObservedHandler(EventHandler inner, String groupId, HandledListener listener, Slowdown slowdown,
                    LongSupplier threadCpu, LongSupplier wallClock) {
        this.wallClock = wallClock;
        this.inner = inner;
        this.groupId = groupId;
        this.listener = listener;
        this.slowdown = slowdown;
        this.threadCpu = threadCpu;
    }

    @Override
    public void handle(List<ConsumedEvent> events) throws Exception {
        long[] mark = lastReturn.get();
        long t0 = wallClock.getAsLong();
        inner.handle(events);
        long wall = wallClock.getAsLong() - t0;
        if (slowdown != null) {
            // Outside the timed call, so the group's processing time stays the handler's own; the extra work still
            // delays this member's report, commit and next poll, as a slower member would. Counted in this call's CPU
            // below, but not in the next call's span, so the spin never feeds on itself.
            long sinceLast = span(mark[0], threadCpu.getAsLong());
            slowdown.after(sinceLast >= 0 ? sinceLast : wall, threadCpu);
        }
        long end = threadCpu.getAsLong();
        long memberCpu = span(mark[0], end);
        mark[0] = end;
        listener.handled(groupId, events, wall, memberCpu);
    }

    private static long span(long from, long to) {
        return from < 0 || to < 0 ? -1 : Math.max(0, to - from);
    }
}
