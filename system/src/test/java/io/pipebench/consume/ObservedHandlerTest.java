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

    /** consume:GROUP:2 doubles the member's whole work, not only the handler's microsecond. */
    @Test
    void aSlowedGroupSpinsForTheExtraShareOfItsMembersWholeWork() throws Exception {
        String before = System.getProperty(Slowdown.PROPERTY);
        try {
            System.setProperty(Slowdown.PROPERTY, "consume:observed-test:2");
            Slowdown twice = Slowdown.forStage("consume:observed-test").orElseThrow();
            ObservedHandler h = new ObservedHandler(costs2us, "g", listener, twice, cpu::get);
            h.handle(List.of());
            cpu.addAndGet(20_000_000);  // 20 ms of the member's work since the first call returned
            h.handle(List.of());
            assertThat(reported.get(1)[0]).as("wall time of the slowed call").isGreaterThanOrEqualTo(20_000_000L);
        } finally {
            if (before == null) {
                System.clearProperty(Slowdown.PROPERTY);
            } else {
                System.setProperty(Slowdown.PROPERTY, before);
            }
        }
    }
}
