package io.pipebench.consume;

import io.pipebench.faults.Slowdown;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedHandlerTest {

    /** A thread CPU clock the test moves by hand: the handler's own work, and the member's work between calls. */
    private final AtomicLong cpu = new AtomicLong(1_000_000);
    /** {wall nanos, member CPU nanos} per reported call. */
    private final List<long[]> reported = new ArrayList<>();
    private final HandledListener listener =
            (group, events, wall, memberCpu) -> reported.add(new long[] {wall, memberCpu});
    private final EventHandler costs2us = events -> cpu.addAndGet(2_000);

    @Test
    void reportsTheMemberThreadsCpuSinceItsPreviousCallReturned() throws Exception {
        ObservedHandler h = new ObservedHandler(costs2us, "g", listener, null, cpu::get);
        h.handle(List.of());        // a thread's first call: nothing to measure from
        cpu.addAndGet(30_000);      // polling, decoding, committing between the calls
        h.handle(List.of());
        assertThat(reported).extracting(r -> r[1]).containsExactly(-1L, 32_000L);
    }

    @Test
    void cpuThatCannotBeMeasuredIsReportedAsUnmeasuredNeverAsZero() throws Exception {
        ObservedHandler h = new ObservedHandler(costs2us, "g", listener, null, () -> -1);
        h.handle(List.of());
        h.handle(List.of());
        assertThat(reported).extracting(r -> r[1]).containsExactly(-1L, -1L);
    }

    /**
     * consume:GROUP:2 doubles the member's whole work, not only the handler's microsecond; the spin sits outside the
     * handler's timed call (its processing time stays its own) and is counted once, in the call that spun.
     */
    @Test
    void aSlowedGroupSpinsForTheExtraShareOfItsMembersWholeWork() throws Exception {
        String before = System.getProperty(Slowdown.PROPERTY);
        try {
            System.setProperty(Slowdown.PROPERTY, "consume:observed-test:2");
            Slowdown twice = Slowdown.forStage("consume:observed-test").orElseThrow();
            AtomicLong wall = new AtomicLong();
            EventHandler costs2usOfBoth = events -> {
                cpu.addAndGet(2_000);
                wall.addAndGet(2_000);
            };
            // each read of the CPU clock costs 1 us of CPU and no wall time: a spin moves the CPU clock only
            ObservedHandler h = new ObservedHandler(costs2usOfBoth, "g", listener, twice,
                    () -> cpu.addAndGet(1_000), wall::get);
            h.handle(List.of());
            cpu.addAndGet(20_000_000);  // 20 ms of the member's work since the first call returned
            h.handle(List.of());
            h.handle(List.of());        // nothing in between: its span must not contain the previous spin
            assertThat(reported).extracting(r -> r[0]).as("handler time, spin excluded")
                    .containsExactly(2_000L, 2_000L, 2_000L);
            assertThat(reported.get(1)[1]).as("member CPU of the slowed call: twice its work")
                    .isBetween(2 * 20_000_000L, 2 * 20_000_000L + 100_000);
            assertThat(reported.get(2)[1]).as("the next call's own work, doubled, nothing more")
                    .isBetween(2 * 2_000L, 100_000L);
        } finally {
            if (before == null) {
                System.clearProperty(Slowdown.PROPERTY);
            } else {
                System.setProperty(Slowdown.PROPERTY, before);
            }
        }
    }
}
